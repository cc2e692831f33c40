using PruneTheory.Random;

namespace PruneTheory.Sparse.Theory;

/// <summary>
/// The arrangement operators the guarantee speaks about, built on the on-the-fly <see cref="GatedReluOperator"/>:
/// the enumerated single-input family (s' = 1: every pattern of a one-input neuron, gates h ∈ {±e_i}, p = 2d;
/// spec "Pattern count") and the sampled family the official code runs (p = m random Gaussian gates).
/// </summary>
public static class TheoryOperators
{
    /// <summary>Block 2i has gate +e_i, block 2i+1 gate −e_i (column c = block·d + input). O(d).</summary>
    public static GatedReluOperator EnumeratedSingleInput(DesignMatrix x)
    {
        int d = x.Cols, p = 2 * d;
        var idx = new int[p]; var val = new double[p];
        for (int i = 0; i < d; i++)
        {
            idx[2 * i] = 2 * i * d + i; val[2 * i] = 1;
            idx[2 * i + 1] = (2 * i + 1) * d + i; val[2 * i + 1] = -1;
        }
        var gates = new GateSet(RngKey.FromSeed(0), d);   // the key is unused once the gates are explicit
        gates.SetFrom(new SparseWeights(p * d, idx, val));
        return new GatedReluOperator(x, p, gates);
    }

    /// <summary>Column of the enumerated family that holds the single-input neuron (u·x_input)_+: gate sign(u)·e_input.</summary>
    public static int EnumeratedColumn(int d, int input, bool positive) => (2 * input + (positive ? 0 : 1)) * d + input;

    /// <summary>
    /// A planted net of s single-input neurons with distinct (input, sign) pairs, weights sign·|N(0,1)| and output
    /// weights +1 (spec E4b): y = Σ (u_k x_{i_k})_+ is A w* exactly for the enumerated family. O(d + n·s).
    /// </summary>
    public static (SparseWeights Weights, double[] Labels) PlantSingleInput(GatedReluOperator enumerated, RandomStream rng, int s)
    {
        int d = enumerated.InputDim;
        if (s > 2 * d) throw new ArgumentException($"at most 2d = {2 * d} distinct (input, sign) pairs (got s = {s})");
        var slots = Enumerable.Range(0, 2 * d).ToArray();
        for (int i = 0; i < s; i++) { int j = i + rng.NextInt(2 * d - i); (slots[i], slots[j]) = (slots[j], slots[i]); }
        var pairs = slots.Take(s).Select(k => (Col: EnumeratedColumn(d, k / 2, k % 2 == 0), Positive: k % 2 == 0)).OrderBy(p => p.Col).ToArray();
        var values = pairs.Select(p => (p.Positive ? 1 : -1) * Math.Abs(rng.NextGaussian())).ToArray();
        var w = new SparseWeights(enumerated.Cols, pairs.Select(p => p.Col).ToArray(), values);
        var y = new double[enumerated.Rows];
        enumerated.Predict(w, y);
        return (w, y);
    }
}
