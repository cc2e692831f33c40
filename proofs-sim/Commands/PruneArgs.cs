namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Arguments of <c>prune --model in.safetensors --method biascomp|magnitude|… --ratio 0.9 --calib DATA --out out.safetensors</c>.
/// DATA is "mnist" / "fashion" (the suite's training splits) or a safetensors file with "x" [N, …] and optionally
/// "labels" [N] (cross-entropy) or "y" [N, d_out] (squared error).
/// </summary>
public sealed record PruneArgs
{
    public string Model { get; init; } = "";
    public string Method { get; init; } = "biascomp";
    public double Ratio { get; init; } = double.NaN;
    public string Calib { get; init; } = "";
    public string Out { get; init; } = "";
    /// <summary>Hidden activation of the stored MLP: relu, tanh or identity.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>global (default) or layerwise.</summary>
    public string Scope { get; init; } = "global";
    /// <summary>At most this many calibration samples (the first ones); must be >= 1.</summary>
    public int CalibCount { get; init; } = 2000;
    /// <summary>unit | centered | mean,std applied to the calibration and test inputs; empty = what the model's metadata states (<see cref="InputNormalization"/>).</summary>
    public string Normalize { get; init; } = "";
    /// <summary>Seeds Random scores and probes.</summary>
    public ulong Seed { get; init; } = 0;
    public string Arch { get; init; } = "auto";
    public string? ArchFile { get; init; }
    public string? InputShape { get; init; }
    /// <summary>Test data for the accuracy before/after (<see cref="LabelledInputs.Load"/>); null: none.</summary>
    public string? Data { get; init; }
    /// <summary>zeroed (default: plain zeroed weights plus a masks file) or masked (weight_orig/weight_mask pairs).</summary>
    public string OutputStyle { get; init; } = "zeroed";
}
