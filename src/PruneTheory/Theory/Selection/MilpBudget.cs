namespace PruneTheory.Theory.Selection;

/// <summary>
/// Deterministic MILP budgets. A spec's "seconds" are turned into SCIP branch-and-bound nodes, so results
/// are the same on a loaded and an idle machine; the wall-clock limit (a multiple of the nominal time) only
/// guards against pathological nodes and, when it fires, the instance is reported undecided like any other.
/// </summary>
public static class MilpBudget
{
    /// <summary>Nodes per nominal second (SCIP on these N ≤ 64 selection MILPs manages roughly this many on one idle core).</summary>
    public const long NodesPerSecond = 2000;

    public const int SafetyFactor = 10;

    public static long Nodes(TimeSpan nominal) => Math.Max(1, (long)(nominal.TotalSeconds * NodesPerSecond));
}
