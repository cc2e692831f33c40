namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Arguments of <c>prune --model in.safetensors --method biascomp|magnitude|… --ratio 0.9 --calib DATA --out out.safetensors</c>.
/// DATA is "mnist" / "fashion" (the suite's training splits) or a safetensors file with "x" [N, d_in] and optionally
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
    /// <summary>Pixels of the built-in mnist/fashion calibration sets: "unit" (x ∈ [0, 1]) or "centered" ((x − 0.5)/0.5); empty = what the model's metadata states (<see cref="PrunePixels"/>).</summary>
    public string Pixels { get; init; } = "";
    /// <summary>Seeds Random scores and probes.</summary>
    public ulong Seed { get; init; } = 0;
}
