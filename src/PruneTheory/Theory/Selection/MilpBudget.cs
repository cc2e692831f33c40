using Google.OrTools.LinearSolver;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// Deterministic MILP budgets. A spec's "seconds" are turned into SCIP branch-and-bound nodes, so results are the
/// same on a loaded and an idle machine. Node limits are SCIP's parameter (`limits/nodes`): other OR-Tools solvers
/// get no budget and solve to the end (still deterministic). The wall clock never shapes a result: a solve that
/// runs past <see cref="SafetyFactor"/>× the nominal time throws <see cref="MilpWallClockException"/>, so the trial
/// fails and stores nothing, rather than storing a load-dependent "undecided".
/// </summary>
public static class MilpBudget
{
    /// <summary>Nodes per nominal second (SCIP on these N ≤ 64 selection MILPs manages roughly this many on one idle core).</summary>
    public const long NodesPerSecond = 2000;

    public const int SafetyFactor = 30;

    /// <summary>The safety limit never falls below this (solver setup alone can take a while on a loaded machine).</summary>
    public static readonly TimeSpan MinimumSafety = TimeSpan.FromSeconds(60);

    public static long Nodes(TimeSpan nominal) => Math.Max(1, (long)(nominal.TotalSeconds * NodesPerSecond));

    /// <summary>The wall-clock safety deadline of a solve with nominal time <paramref name="nominal"/> starting now.</summary>
    public static DateTime Deadline(TimeSpan nominal) =>
        DateTime.UtcNow + TimeSpan.FromTicks(Math.Max(MinimumSafety.Ticks, SafetyFactor * nominal.Ticks));

    /// <summary>Whether <paramref name="solverId"/> takes a node budget (only SCIP's parameter is known to work).</summary>
    public static bool HasNodeBudget(string solverId) => solverId == "SCIP";

    /// <summary>
    /// Sets the next solve's limits: SCIP's remaining nodes (SCIP only) and the wall-clock safety limit. Returns false
    /// when the node budget is spent.
    /// </summary>
    public static bool Prepare(Solver solver, string solverId, long nodesLeft, DateTime deadline)
    {
        if (HasNodeBudget(solverId) && nodesLeft <= 0) return false;
        double left = (deadline - DateTime.UtcNow).TotalMilliseconds;
        if (left <= 0) throw new MilpWallClockException();
        solver.SetTimeLimit((long)Math.Max(1, left));
        if (HasNodeBudget(solverId)) solver.SetSolverSpecificParametersAsString($"limits/nodes = {nodesLeft}");
        return true;
    }

    /// <summary>After a solve: throws when the safety limit (not the node budget) stopped it.</summary>
    public static void CheckWallClock(DateTime deadline)
    {
        if (DateTime.UtcNow >= deadline) throw new MilpWallClockException();
    }
}

/// <summary>A MILP ran past its wall-clock safety limit: its result would depend on machine load, so none is stored.</summary>
public sealed class MilpWallClockException() : TimeoutException(
    $"MILP ran past {MilpBudget.SafetyFactor}× its nominal time (at least {MilpBudget.MinimumSafety.TotalSeconds} s) before its node budget was spent: the result would depend on machine load, so the trial stores nothing (raise milpSeconds or rerun on a less loaded machine)");
