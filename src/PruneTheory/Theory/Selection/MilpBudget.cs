using Google.OrTools.LinearSolver;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// Deterministic MILP budgets. A spec's "seconds" are turned into SCIP branch-and-bound nodes (`limits/nodes`, a
/// SCIP parameter, so the selection MILPs run on SCIP only), and no wall-clock limit is set at all: which instances
/// stay undecided, and every stored bracket, is the same on a loaded and an idle machine (issue 18 item 4; a 10×
/// wall-clock safety net made 2 instances undecided under load). A run on a loaded machine only takes longer.
/// </summary>
public static class MilpBudget
{
    /// <summary>Nodes per nominal second (SCIP on these N ≤ 64 selection MILPs manages roughly this many on one idle core).</summary>
    public const long NodesPerSecond = 2000;

    public static long Nodes(TimeSpan nominal) => Math.Max(1, (long)(nominal.TotalSeconds * NodesPerSecond));

    /// <summary>Whether <paramref name="solverId"/> takes a node budget (only SCIP's parameter is known to work).</summary>
    public static bool HasNodeBudget(string solverId) => solverId == "SCIP";

    /// <summary>Sets the next solve's node budget; false when it is spent. No time limit: results never depend on load.</summary>
    public static bool Prepare(Solver solver, long nodesLeft)
    {
        if (nodesLeft <= 0) return false;
        solver.SetSolverSpecificParametersAsString($"limits/nodes = {nodesLeft}");
        return true;
    }
}
