using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>How a vector-output step turns the per-block candidates into the next s-sparse weights.</summary>
public enum VectorMerge
{
    /// <summary>The official code (<c>AIHT_step_vectoroutput</c> + <c>update_block</c>): start from the current
    /// weights, merge block j's W1 then W2 candidates in block order, trimming to s after every merge; entries of
    /// blocks not yet merged compete with their pre-step values (and may be pushed out, then re-enter as new).</summary>
    Streamed,

    /// <summary>Exact H_s(W − μg) over all candidates at once (the suite's earlier rule; no stale entries).</summary>
    Global,
}

/// <summary>The loss of a vector-output run: the residual R that the official step back-propagates.</summary>
public enum VectorLoss
{
    /// <summary>R = (softmax(Z) − Y)/n on class labels (official <c>crossentropy=True</c>, 10-class MNIST).</summary>
    CrossEntropy,

    /// <summary>R = (Z − Y)/n on real targets (official default, the planted vector-output experiment).</summary>
    SquaredError,
}

/// <summary>Settings of vector-output IHT (official <c>AIHT_step_vectoroutput</c>; cross-entropy or squared loss).</summary>
public sealed record VectorOutputAihtOptions
{
    /// <summary>Nonzeros shared by W1 (d×m) and W2 (m×c) together.</summary>
    public required int Sparsity { get; init; }
    public required int Width { get; init; }
    public required int Classes { get; init; }
    public int Epochs { get; init; } = 5;
    public required int BatchSize { get; init; }

    /// <summary>Fixed step size (official: 0.001 with cross-entropy; <see cref="OfficialSquaredStep"/> with the squared loss).</summary>
    public double StepSize { get; init; } = 1e-3;

    public VectorLoss Loss { get; init; } = VectorLoss.CrossEntropy;

    /// <summary>The official step with the squared loss: 0.005, or 2 when s &lt; 6·m^0.536 ("small s cases benefit from larger stepsizes").</summary>
    public static double OfficialSquaredStep(int sparsity, int width) => sparsity < 6 * Math.Pow(width, 0.536) ? 2 : 0.005;

    /// <summary>Gates h_j := w1_j of the weights after a step iff epoch &gt; 0 and (global step) mod k = 0, used from the
    /// next batch on (official <c>stochastic_AIHT</c>, SCP_rate = 1); 0 = random gates throughout.</summary>
    public int PatternPeriod { get; init; } = 1;

    /// <summary>Top-s tie and zero rule (default: the official code's).</summary>
    public TopRule Selection { get; init; } = TopRule.Official;

    /// <summary>Merge of the candidates (default: the official streamed merge).</summary>
    public VectorMerge Merge { get; init; } = VectorMerge.Streamed;

    /// <summary>Diagnostic (not the official code): top-⌈s/2⌉ in W1 and top-⌊s/2⌋ in W2 separately instead of one
    /// shared top-s; always a global selection per layer.</summary>
    public bool SplitBudget { get; init; }

    public void Validate()
    {
        if (BatchSize <= 0 || Epochs < 0 || Width <= 0 || Classes < (Loss == VectorLoss.CrossEntropy ? 2 : 1) || Sparsity <= 0 || PatternPeriod < 0
            || !(StepSize > 0) || double.IsInfinity(StepSize) || Selection is null)
            throw new ArgumentException("batch size, width, sparsity and step must be positive, classes >= 2 (1 with the squared loss), epochs and pattern period >= 0");
    }
}

/// <summary>Sparse weights of a vector-output gated network: one vector of length d·m + m·c, W1 block j =
/// entries [j·d, (j+1)·d), W2 row j = entries [d·m + j·c, d·m + (j+1)·c). O(s) memory.</summary>
public sealed record VectorOutputWeights(int Inputs, int Width, int Classes, SparseWeights W)
{
    public int W1Offset(int j) => j * Inputs;
    public int W2Offset(int j) => Inputs * Width + j * Classes;
    public int W1Length => Inputs * Width;
    public int NonZeros => W.NonZeros;

    public static VectorOutputWeights Empty(int d, int m, int c) => new(d, m, c, SparseWeights.Empty(d * m + m * c));

    /// <summary>Block j of W1 (d entries) and of W2 (c entries) as dense vectors. O(log s + d + c).</summary>
    public void Blocks(int j, Span<double> w1, Span<double> w2)
    {
        Dense(W1Offset(j), w1);
        Dense(W2Offset(j), w2);
    }

    private void Dense(int start, Span<double> dst)
    {
        dst.Clear();
        var (lo, hi) = W.Range(start, start + dst.Length);
        for (int t = lo; t < hi; t++) dst[W.Indices[t] - start] = W.Values[t];
    }

    /// <summary>The W1 part as a sparse vector of length d·m (the gates of a pattern update).</summary>
    public SparseWeights W1Part()
    {
        var (_, hi) = W.Range(0, W1Length);
        return new SparseWeights(W1Length, W.Indices[..hi], W.Values[..hi]);
    }

    /// <summary>Nonzeros of W1 alone.</summary>
    public int W1NonZeros => W1Part().NonZeros;

    /// <summary>Dense copy of all d·m + m·c weights (diagnostic, O(d·m); the solver never forms it).</summary>
    public double[] Values => W.ToDense();
}

public sealed record VectorOutputAihtResult(VectorOutputWeights Weights, int Steps, bool Diverged, string? DivergenceReason);

/// <summary>The random inputs of a vector-output run: the random gates, the re-initialisation draws and the batch
/// order. <see cref="KeyedVectorOutputDraws"/> derives them from keys; a golden-trace test injects the official ones.</summary>
public interface IVectorOutputDraws
{
    /// <summary>Gates of the random phase (the same for every batch).</summary>
    GateSet RandomGates(int inputDim);

    /// <summary>Fills <paramref name="values"/> with U(−bound, bound) draws for block j of layer 1 (W1) or 2 (W2).</summary>
    void Reinit(int block, int layer, double bound, Span<double> values);

    /// <summary>Row order of epoch e (a permutation of 0..n−1).</summary>
    int[] Order(int epoch, int n);
}

/// <summary>Draws from counter-based keys. Re-initialisation, as in the official code (<c>cp.random.seed(block_id)</c>
/// before each layer's draw): the stream depends on the block only (the same every epoch) and restarts for W2, so
/// W2's draws are the first c uniforms of W1's stream rescaled.</summary>
public sealed class KeyedVectorOutputDraws(RngKey gateKey, RngKey initKey, RngKey shuffleKey) : IVectorOutputDraws
{
    public GateSet RandomGates(int inputDim) => new(gateKey, inputDim);

    public void Reinit(int block, int layer, double bound, Span<double> values) =>
        initKey.FoldIn((ulong)block).Stream().FillUniform(values, -bound, bound);

    public int[] Order(int epoch, int n) => shuffleKey.FoldIn((ulong)epoch).Stream().Permutation(n);
}
