namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Scores per weight (row-major like W; smallest pruned first), optional per-weight bias shifts added to
/// b_i for every pruned w_ij, and optional per-row offsets added once to b_i if its row loses any weight
/// (§3.5 c: −g_b/H_bb).
/// </summary>
public sealed record Importance(double[][] Scores, double[][]? BiasShifts = null, double[][]? RowOffsets = null);

/// <summary>A pruning criterion: scores every weight of a network from calibration data (common interface for law tests).</summary>
public interface IImportanceScorer
{
    string Name { get; }
    Importance Score(Mlp net, CalibrationSet calib);
}
