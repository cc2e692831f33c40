using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.Theory.Construction;

/// <summary>Kept unit of the pruned network: hidden weight w on coordinate j (mask keeps only x_j), output weight α.</summary>
public readonly record struct KeptUnit(int Coordinate, double W, double Alpha);

/// <summary>A pruned model-B network h = Σ α σ(w x_j), g = σ(h), with its per-coordinate errors δA, δB.</summary>
public sealed record ConstructionResult(double[] WStar, double[] DeltaA, double[] DeltaB, KeptUnit[] Kept, int HiddenUnits)
{
    /// <summary>Exact sup over the unit ball of |h(x) − ⟨w*,x⟩| (bounds the model-B error |σ(h) − σ(⟨w*,x⟩)|).</summary>
    public double Error => BlockConstruction.L2Error(DeltaA, DeltaB);

    /// <summary>Pre-activation h(x) by direct evaluation. O(kept).</summary>
    public double Preactivation(ReadOnlySpan<double> x)
    {
        double h = 0;
        foreach (var u in Kept) h += u.Alpha * Math.Max(0, u.W * x[u.Coordinate]);
        return h;
    }
}

/// <summary>
/// P8, weight-pruning construction in model B (after Pensia et al.): d blocks of n units; block j masks
/// every unit to coordinate j, so σ(w x_j) = w σ(x_j) (w &gt; 0) or |w| σ(−x_j) (w &lt; 0). Kept sums
/// A_j = Σ α w over w &gt; 0 and B_j = Σ α|w| over w &lt; 0 are two single-target subset sums (targets w*_j, −w*_j).
/// Cost O(d·2^{n/4}·n) (groups of ≈ n/2 solved by meet-in-the-middle).
/// </summary>
public static class BlockConstruction
{
    /// <summary>Unit k of block j (α, w_kj) from key path.FoldIn(j).FoldIn(k): nested in n.</summary>
    public static (double Alpha, double W) Unit(RngKey path, int block, int k)
    {
        var (w, alpha) = NestedNetwork.Unit(path.FoldIn((ulong)block), k, 1);
        return (alpha, w[0]);
    }

    public static ConstructionResult Build(RngKey path, double[] wStar, int n)
    {
        if (n < 1) throw new ArgumentException($"units per block must be >= 1 (got {n})");
        int d = wStar.Length;
        var dA = new double[d]; var dB = new double[d];
        var kept = new List<KeptUnit>();
        for (int j = 0; j < d; j++)
        {
            var pos = new List<(double Alpha, double W)>(); var neg = new List<(double Alpha, double W)>();
            for (int k = 0; k < n; k++) { var u = Unit(path, j, k); (u.W > 0 ? pos : neg).Add(u); }
            dA[j] = Solve(pos, wStar[j], j, kept);      // A_j ≈ w*_j
            dB[j] = Solve(neg, -wStar[j], j, kept);     // B_j ≈ −w*_j
        }
        return new ConstructionResult(wStar, dA, dB, kept.ToArray(), d * n);
    }

    /// <summary>Keeps the best subset of one sign group for the target; returns (achieved − target).</summary>
    private static double Solve(List<(double Alpha, double W)> group, double target, int coordinate, List<KeptUnit> kept)
    {
        var values = group.Select(u => u.Alpha * Math.Abs(u.W)).ToArray();
        var (_, mask) = SubsetSumError.SingleTarget(values, target);
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
            if ((mask >> i & 1) != 0) { sum += values[i]; kept.Add(new KeptUnit(coordinate, group[i].W, group[i].Alpha)); }
        return sum - target;
    }

    /// <summary>
    /// Exact sup_{‖x‖≤1} |Σ_j (δA_j if x_j ≥ 0 else δB_j)|x_j|| = max(‖max(δA,δB)₊‖₂, ‖max(−δA,−δB)₊‖₂). O(d).
    /// </summary>
    public static double L2Error(ReadOnlySpan<double> deltaA, ReadOnlySpan<double> deltaB)
    {
        double up = 0, down = 0;
        for (int j = 0; j < deltaA.Length; j++)
        {
            double m = Math.Max(Math.Max(deltaA[j], deltaB[j]), 0), q = Math.Max(Math.Max(-deltaA[j], -deltaB[j]), 0);
            up += m * m; down += q * q;
        }
        return Math.Sqrt(Math.Max(up, down));
    }
}
