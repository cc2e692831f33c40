using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>Settings of minibatch AIHT (official <c>stochastic_AIHT</c>, scalar output).</summary>
public sealed record StochasticAihtOptions
{
    public required int Sparsity { get; init; }
    public required int Width { get; init; }
    public int Epochs { get; init; } = 15;
    public required int BatchSize { get; init; }

    /// <summary>Gates h_j := current weights after a step iff epoch &gt; 0 and (global step) mod k = 0; 0 = never.</summary>
    public int PatternPeriod { get; init; } = 1;
    public int InnerSteps { get; init; } = 10;

    /// <summary>Top-s tie and zero rule (default: the official code's).</summary>
    public TopRule Selection { get; init; } = TopRule.Official;
}

public sealed record StochasticAihtResult(SparseWeights Weights, int Steps, bool Diverged, string? DivergenceReason);

/// <summary>
/// Minibatch AIHT as the official stochastic_AIHT runs it: every batch builds a fresh on-the-fly operator over
/// its rows (random gates from the gate key, identical for every batch) and takes one AIHT step (step size on
/// the support, streamed top-s, InnerSteps accelerated steps) from the current weights; during the first epoch
/// the gates stay random, afterwards each batch uses h = the weights after the previous qualifying step.
/// Batches follow a per-epoch Philox permutation. Cost per epoch ≈ 2·n·d·m + O(InnerSteps·n·s); memory O(b·(s + d)).
/// </summary>
public static class StochasticAiht
{
    public static StochasticAihtResult Solve(DesignMatrix x, ReadOnlySpan<double> labels, RngKey gateKey, RngKey shuffleKey,
        StochasticAihtOptions o, ParallelOptions? parallelism = null, CancellationToken cancel = default)
    {
        int n = x.Rows, d = x.Cols;
        if (labels.Length != n) throw new ArgumentException("labels length differs from the number of samples");
        if (o.BatchSize <= 0 || o.Epochs < 0 || o.Width <= 0 || o.Sparsity <= 0 || o.PatternPeriod < 0)
            throw new ArgumentException("batch size, width and sparsity must be positive; epochs and pattern period >= 0");
        var y = labels.ToArray();
        int batches = (n + o.BatchSize - 1) / o.BatchSize, step = 0;
        SparseWeights w = SparseWeights.Empty(d * o.Width);
        SparseWeights? gates = null;
        for (int e = 0; e < o.Epochs; e++)
        {
            var order = shuffleKey.FoldIn((ulong)e).Stream().Permutation(n);
            for (int b = 0; b < batches; b++, step++)
            {
                cancel.ThrowIfCancellationRequested();
                int start = b * o.BatchSize, count = Math.Min(o.BatchSize, n - start);
                var rows = order.AsSpan(start, count);
                var xb = Rows(x, rows);
                var yb = new double[count];
                for (int i = 0; i < count; i++) yb[i] = y[rows[i]];
                if (yb.All(v => v == 0)) continue; // nothing to fit in this batch (AIHT needs y ≠ 0)
                var gs = new GateSet(gateKey, d);
                if (gates is not null) gs.SetFrom(gates);
                var op = new GatedReluOperator(xb, o.Width, gs) { Parallelism = parallelism ?? new() };
                var run = new AihtRun(op, yb, new AihtOptions { Sparsity = o.Sparsity, Steps = 1, PatternPeriod = 0, InnerSteps = o.InnerSteps, Selection = o.Selection }, w);
                run.Advance();
                if (run.Divergence is not null) return new(w, step, true, $"epoch {e}, batch {b}: {run.Divergence}");
                w = run.Weights;
                if (o.PatternPeriod > 0 && e > 0 && step % o.PatternPeriod == 0) gates = w;
            }
        }
        return new(w, step, false, null);
    }

    /// <summary>The given rows of X as a new design matrix. O(|rows|·d).</summary>
    public static DesignMatrix Rows(DesignMatrix x, ReadOnlySpan<int> rows)
    {
        int n = rows.Length, d = x.Cols;
        var data = new double[(long)n * d];
        for (int c = 0; c < d; c++)
        {
            var col = x.Column(c);
            for (int i = 0; i < n; i++) data[(long)c * n + i] = col[rows[i]];
        }
        return new DesignMatrix(n, d, data);
    }

    /// <summary>Σ_j (X w_j)_+ with gates = w (the network the weights define). O(n·s).</summary>
    public static double[] Predict(DesignMatrix x, SparseWeights w, int width)
    {
        var y = new double[x.Rows];
        new GatedReluOperator(x, width, new GateSet(RngKey.FromSeed(0), x.Cols)).Predict(w, y);
        return y;
    }
}
