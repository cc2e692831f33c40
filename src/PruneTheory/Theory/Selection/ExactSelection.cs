using PruneTheory.Gpu;
using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>Certified bracket Lower ≤ E*_N ≤ Upper of one instance and how it was obtained.</summary>
public sealed record Bracket(double Lower, double Upper, string Method, bool TimedOut)
{
    public bool Certified => Upper <= Lower * (1 + 1e-7) + 1e-12;
    /// <summary>Success at ε is certain (P_lower counts it).</summary>
    public bool SurelyBelow(double eps) => Upper <= eps;
    /// <summary>Success at ε is possible (P_upper counts it): the lower bound does not exclude it.</summary>
    public bool PossiblyBelow(double eps) => Lower <= eps;
}

/// <summary>
/// E*_N of a model-A instance (one circle or several slices sharing S): Gray-code search (P4) for a single
/// circle with N ≤ grayMax, else local search (P6) as a hint and upper bound, then the cutting-plane MILP (P3)
/// under a time limit. Both bounds are certified; the lower bound also includes the analytic bound (P2).
/// </summary>
public static class ExactSelection
{
    /// <param name="backend">The compute provider of the exhaustive search (<see cref="GrayCodeKernel"/> on ILGPU); same result on every provider.</param>
    public static Bracket Solve(IReadOnlyList<CircleProblem> slices, TimeSpan milpLimit, RandomStream rng, int grayMax = 20, int[]? groups = null,
        ComputeBackend? backend = null)
    {
        var verifier = new SliceVerifier(slices);
        double analytic = verifier.AnalyticLowerBound(); // P2 holds for any units c·σ(cos(θ−ψ)), masked ones too
        if (slices.Count == 1 && groups is null && slices[0].N <= grayMax)
        {
            // every provider returns the same top subsets (exact integer search), so the method names no provider
            var g = GrayCodeSearch.Solve(slices[0], options: new ParallelOptions { MaxDegreeOfParallelism = 1 }, provider: backend);
            return new Bracket(Math.Max(g.Lower, Math.Min(analytic, g.Upper)), g.Upper, "gray-code", false);
        }
        var ls = new LocalSearch(verifier, groups).Run(rng, restarts: 1);
        var m = SelectionMilp.Solve(slices, milpLimit, ls.Subset, groups);
        double upper = Math.Min(ls.Value, m.Upper);
        return new Bracket(Math.Min(upper, Math.Max(m.Lower, analytic)), upper, "milp", m.TimedOut && !m.Certified);
    }
}
