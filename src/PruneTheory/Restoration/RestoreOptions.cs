namespace PruneTheory.Restoration;

/// <summary>
/// Options of one restoration. <see cref="Mode"/> sets the defaults of the quirk flags (spec §7); each
/// flag may be overridden alone for ablations. <see cref="Resolve"/> gives the flags actually used,
/// which every result records.
/// </summary>
public sealed record RestoreOptions
{
    public RestoreMode Mode { get; init; } = RestoreMode.CodeExact;
    public SigmaMode? Sigma { get; init; }
    public NmScaleOrientation? NmScale { get; init; }
    public bool? LbylApplyK { get; init; }
    public bool? LbylExactBnTerm { get; init; }
    /// <summary>Centre the FC ridge (sklearn fit_intercept); required for reproduction, default true in both modes.</summary>
    public bool LbylFcCenter { get; init; } = true;
    /// <summary>Ablation: NM skips a merge whose scale S ≤ 0. Default off in both modes.</summary>
    public bool NmRequirePositiveScale { get; init; }
    /// <summary>NM cosine threshold t; 0 disables it. Null: 0.45 for FC (LeNet script), 0.1 for conv+BN.</summary>
    public double? NmThreshold { get; init; }
    /// <summary>NM conv+BN weight λ between cosine distance and normalised bias distance.</summary>
    public double NmLambda { get; init; } = 0.85;
    /// <summary>LBYL BN-error weight λ1 (conv+BN path only).</summary>
    public double Lambda1 { get; init; }
    /// <summary>LBYL ridge weight λ2.</summary>
    public double Lambda2 { get; init; } = 0.3;
    /// <summary>BN eps used by the corrected σ.</summary>
    public double BnEps { get; init; } = 1e-5;
    public SolverFallback Fallback { get; init; } = SolverFallback.None;
    /// <summary>Also solve each ridge system by QR of the augmented matrix and require relative agreement 1e-9.</summary>
    public bool CrossCheckQr { get; init; }

    public ResolvedRestoreFlags Resolve(bool hasBatchNorm)
    {
        bool exact = Mode == RestoreMode.CodeExact;
        double t = NmThreshold ?? (hasBatchNorm ? 0.1 : 0.45);
        foreach (var (v, name) in new[] { (t, "NM threshold t"), (NmLambda, "NM λ"), (Lambda1, "λ1"), (Lambda2, "λ2"), (BnEps, "BN eps") })
            if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"{name} must be a finite number ≥ 0 (got {v})");
        if (NmLambda > 1) throw new ArgumentException($"NM λ must lie in [0, 1] (got {NmLambda})");
        if (t > 1) throw new ArgumentException($"NM threshold t must lie in [0, 1] (got {t}; a cosine threshold above 1 merges nothing, i.e. prune-only)");
        return new ResolvedRestoreFlags(
            Mode,
            Sigma ?? (exact ? SigmaMode.RunningVar : SigmaMode.SqrtVarPlusEps),
            NmScale ?? (exact ? NmScaleOrientation.Official : NmScaleOrientation.Corrected),
            LbylApplyK ?? !exact,
            LbylExactBnTerm ?? !exact,
            LbylFcCenter, NmRequirePositiveScale,
            NmDegenerateMinMaxIsNaN: exact,
            t, NmLambda, Lambda1, Lambda2, BnEps, Fallback, CrossCheckQr);
    }
}

/// <summary>The flags actually used by one restoration (recorded in every result).</summary>
public sealed record ResolvedRestoreFlags(
    RestoreMode Mode,
    SigmaMode Sigma,
    NmScaleOrientation NmScale,
    bool LbylApplyK,
    bool LbylExactBnTerm,
    bool LbylFcCenter,
    bool NmRequirePositiveScale,
    bool NmDegenerateMinMaxIsNaN,
    double NmThreshold,
    double NmLambda,
    double Lambda1,
    double Lambda2,
    double BnEps,
    SolverFallback Fallback,
    bool CrossCheckQr)
{
    public override string ToString() =>
        $"mode={Mode} sigma={Sigma} nmScale={NmScale} lbylApplyK={LbylApplyK} lbylExactBnTerm={LbylExactBnTerm} " +
        $"lbylFcCenter={LbylFcCenter} nmRequirePositiveScale={NmRequirePositiveScale} q6NaN={NmDegenerateMinMaxIsNaN} " +
        $"t={NmThreshold} λ={NmLambda} λ1={Lambda1} λ2={Lambda2} eps={BnEps} fallback={Fallback}";
}
