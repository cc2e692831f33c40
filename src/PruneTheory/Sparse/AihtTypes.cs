namespace PruneTheory.Sparse;

/// <summary>Settings of AIHT as the official code runs it (spec §3.2).</summary>
public sealed record AihtOptions
{
    /// <summary>Nonzero budget s; the state holds at most min(s, md) slots (no inflation; fewer when the
    /// selection rule drops zero candidates).</summary>
    public required int Sparsity { get; init; }

    /// <summary>Top-s tie and zero rule (default: the official code's; <see cref="TopRule.Legacy"/> = the suite's earlier one).</summary>
    public TopRule Selection { get; init; } = TopRule.Official;

    /// <summary>Number of steps T (the official code has no tolerance stop).</summary>
    public int Steps { get; init; } = 15;

    /// <summary>Pattern-update period k (SCP_rate): gates h_j := w_j after step t iff t &gt; 0 and t mod k = 0; 0 = never.</summary>
    public int PatternPeriod { get; init; } = 1;

    /// <summary>Acceleration steps on the new support (num_internal_steps).</summary>
    public int InnerSteps { get; init; } = 10;

    /// <summary>Armijo tries per acceleration step before reverting to w̃ (the code's counter &gt; 10).</summary>
    public int LineSearchTries { get; init; } = 11;

    /// <summary>Optional stop once ‖ŷ − y‖/‖y‖ ≤ this (0 = off, as in the official code).</summary>
    public double RelErrTolerance { get; init; }

    /// <summary>Divergence when the loss exceeds this multiple of ‖y‖² (the loss at w = 0).</summary>
    public double DivergenceFactor { get; init; } = 1e6;

    public void Validate()
    {
        if (Selection is null) throw new ArgumentException("selection rule must be set");
        if (Sparsity <= 0) throw new ArgumentException($"sparsity must be positive (got {Sparsity})");
        if (Steps < 0 || PatternPeriod < 0 || InnerSteps < 0 || LineSearchTries <= 0)
            throw new ArgumentException("steps, pattern period, inner steps must be >= 0 and line-search tries > 0");
        if (!(RelErrTolerance >= 0) || !(DivergenceFactor > 1)) throw new ArgumentException("tolerance must be >= 0 and divergence factor > 1");
    }
}

/// <summary>One AIHT step: loss ‖A_S w − y‖² (current gates, before any update), network PSNR/relerr
/// after the step, the step size μ at its end, whether the support changed, whether a line search gave up.</summary>
public sealed record AihtStep(int Step, double Loss, double Psnr, double RelErr, double StepSize,
    bool SupportChanged, bool LineSearchFailed, bool PatternUpdated);

/// <summary>
/// Bytes of every buffer the solver allocates, counted from the arrays themselves: the state (w, w̃ and
/// the gate copy), the top-s selectors, the per-chunk block scratch, A_S (n×s) and the n- and s-vectors.
/// None depends on m: the working memory is O(n·(s + d) + s), X excluded.
/// </summary>
public sealed record IhtMemory(long StateBytes, long SelectorBytes, long ScratchBytes, long SubmatrixBytes, long VectorBytes)
{
    public long TotalBytes => StateBytes + SelectorBytes + ScratchBytes + SubmatrixBytes + VectorBytes;
}

/// <summary>Result of a run. <see cref="AllocatedBytes"/> = bytes allocated on the calling thread during the
/// run (every allocation when the operator's parallelism is 1): buffers plus per-step transients.</summary>
public sealed record AihtResult(SparseWeights Weights, IReadOnlyList<AihtStep> Trace, bool Diverged, string? DivergenceReason,
    IhtMemory Memory, long AllocatedBytes)
{
    public double FinalPsnr => Trace.Count == 0 ? double.NaN : Trace[^1].Psnr;
    public double FinalRelErr => Trace.Count == 0 ? double.NaN : Trace[^1].RelErr;
}
