using Google.OrTools.LinearSolver;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>Outcome of P3: certified bounds Lower ≤ E*_N ≤ Upper, the best subset, rounds and whether it stopped on time.</summary>
public sealed record MilpResult(double Lower, double Upper, bool[] Subset, int Rounds, bool TimedOut)
{
    public bool Certified => Upper <= Lower * (1 + 1e-7) + 1e-12;
}

/// <summary>
/// P3: exact min–max subset selection (model A) as a MILP through OR-Tools' linear wrapper (SCIP):
/// binary s, t ≥ 0, min t s.t. |f(θ_j) − Σ_k s_k Φ_jk| ≤ t on a grid G of every slice, with at most one unit per
/// group if groups are given. G starts with all kink angles and 3 interior points per arc (≈ 8N rows per slice);
/// after each solve the incumbent is verified exactly by P1 and the exact argmax is added as a cut until the
/// grid value matches the exact value. Any grid gives a relaxation, so the solver's best bound is a certified
/// lower bound on E*_N even at the time limit; the upper bound is the best exactly verified incumbent.
/// Worst case exponential (MILP); the LP per node is O(rows·N).
/// </summary>
public static class SelectionMilp
{
    public static MilpResult Solve(IReadOnlyList<CircleProblem> slices, TimeSpan timeLimit, bool[]? hint = null,
        int[]? groups = null, int maxRounds = 30, string solverId = "SCIP")
    {
        // Only SCIP takes the deterministic node budget (and, through OR-Tools, survives the incremental re-solves of the
        // cut loop: HiGHS ignored the budget and returned an unsolved [0, 1] bracket, and crashes the process when re-solved).
        if (!MilpBudget.HasNodeBudget(solverId))
            throw new ArgumentException($"solver {solverId} has no deterministic node budget; the selection MILP runs on SCIP only", nameof(solverId));
        var verifier = new SliceVerifier(slices);
        int n = verifier.N;
        using var solver = Solver.CreateSolver(solverId) ?? throw new InvalidOperationException($"OR-Tools solver {solverId} is not available");
        solver.SetNumThreads(1);
        var s = Enumerable.Range(0, n).Select(k => solver.MakeBoolVar($"s{k}")).ToArray();
        var t = solver.MakeNumVar(0, double.PositiveInfinity, "t");
        var objective = solver.Objective(); objective.SetCoefficient(t, 1); objective.SetMinimization();
        if (groups is not null)
            foreach (var g in Enumerable.Range(0, n).GroupBy(k => groups[k]))
            {
                var c = solver.MakeConstraint(0, 1);
                foreach (int k in g) c.SetCoefficient(s[k], 1);
            }
        for (int i = 0; i < slices.Count; i++)
            foreach (double theta in InitialGrid(slices[i])) AddRow(solver, s, t, slices[i], theta);

        var bestSubset = hint is not null ? (bool[])hint.Clone() : new bool[n];
        double upper = verifier.Evaluate(bestSubset).Value, lower = 0;
        // The budget is work, not wall time: SCIP branch-and-bound nodes (MilpBudget.NodesPerSecond per nominal
        // second, SCIP only) and no time limit, so which instances stay undecided does not depend on machine load.
        long nodesLeft = MilpBudget.Nodes(timeLimit);
        var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 1e-9);
        int rounds = 0; bool timedOut = false;
        while (rounds < maxRounds)
        {
            if (!MilpBudget.Prepare(solver, nodesLeft)) { timedOut = true; break; }
            // warm start once: SCIP keeps hints as partial solutions and its store fills up over re-solves
            if (rounds == 0) solver.SetHint(s, bestSubset.Select(b => b ? 1.0 : 0.0).ToArray());
            else if (rounds == 1) solver.SetHint([], []);
            var status = solver.Solve(parameters);
            nodesLeft -= Math.Max(1, solver.Nodes());
            rounds++;
            if (status == Solver.ResultStatus.INFEASIBLE) throw new InvalidOperationException("selection MILP infeasible (bug)");
            if (status != Solver.ResultStatus.OPTIMAL && status != Solver.ResultStatus.FEASIBLE) { timedOut = true; break; }
            lower = Math.Max(lower, Math.Min(objective.BestBound(), upper));
            var cand = s.Select(v => v.SolutionValue() > 0.5).ToArray();
            var (exact, theta, slice) = verifier.Evaluate(cand);
            if (exact < upper) { upper = exact; bestSubset = cand; }
            if (upper <= lower * (1 + 1e-7) + 1e-12) break;
            if (status != Solver.ResultStatus.OPTIMAL) { timedOut = true; break; }
            if (exact <= objective.Value() * (1 + 1e-7) + 1e-12) { lower = Math.Max(lower, Math.Min(upper, objective.Value())); break; }
            AddRow(solver, s, t, slices[slice], theta);
        }
        return new MilpResult(Math.Min(lower, upper), upper, bestSubset, rounds, timedOut);
    }

    /// <summary>Kink angles of the problem and 3 interior points per arc between consecutive kinks.</summary>
    public static IEnumerable<double> InitialGrid(CircleProblem p)
    {
        var kinks = new List<double> { Wrap(p.TargetPhi - Math.PI / 2), Wrap(p.TargetPhi + Math.PI / 2) };
        foreach (double psi in p.Psi) { kinks.Add(Wrap(psi - Math.PI / 2)); kinks.Add(Wrap(psi + Math.PI / 2)); }
        kinks.Sort();
        for (int i = 0; i < kinks.Count; i++)
        {
            double a = kinks[i], b = i + 1 < kinks.Count ? kinks[i + 1] : kinks[0] + 2 * Math.PI;
            yield return a;
            for (int q = 1; q <= 3; q++) yield return a + (b - a) * q / 4;
        }
    }

    private static double Wrap(double x) { x %= 2 * Math.PI; return x < 0 ? x + 2 * Math.PI : x; }

    private static void AddRow(Solver solver, Variable[] s, Variable t, CircleProblem p, double theta)
    {
        double f = p.TargetR * Math.Max(0, Math.Cos(theta - p.TargetPhi));
        // f − Σ Φ s ≤ t  ⇔  −Σ Φ s − t ≤ −f ;   Σ Φ s − f ≤ t  ⇔  Σ Φ s − t ≤ f
        var up = solver.MakeConstraint(double.NegativeInfinity, -f);
        var down = solver.MakeConstraint(double.NegativeInfinity, f);
        up.SetCoefficient(t, -1); down.SetCoefficient(t, -1);
        for (int k = 0; k < s.Length; k++)
        {
            double phi = p.C[k] * Math.Max(0, Math.Cos(theta - p.Psi[k]));
            if (phi == 0) continue;
            up.SetCoefficient(s[k], -phi); down.SetCoefficient(s[k], phi);
        }
    }
}
