using Google.OrTools.LinearSolver;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

public enum Decision { Feasible, Infeasible, Undecided }

/// <summary>
/// Fixed-ε decision "E*_N ≤ ε?" as a MILP feasibility problem with exact cutting planes (spec P3), in model A
/// (|f_j − Φ_j s| ≤ ε) and model B, where it is still linear in s: f_j &gt; ε ⇒ f_j − ε ≤ Φ_j s ≤ f_j + ε, else Φ_j s ≤ f_j + ε.
/// Grid rows are a relaxation, so an infeasible grid certifies E*_N &gt; ε; a feasible candidate is accepted only when P1
/// (in the same model) verifies it, otherwise its exact argmax is added as a row. Worst case exponential (MILP).
/// </summary>
public static class FeasibilityMilp
{
    public static (Decision Decision, bool[]? Subset) Decide(CircleProblem p, double eps, Arch arch, TimeSpan timeLimit, int maxRounds = 50)
    {
        if (!(eps > 0)) throw new ArgumentException($"eps must be > 0 (got {eps})");
        var verifier = new ArcVerifier(p, arch);
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("OR-Tools SCIP is not available");
        solver.SetNumThreads(1);
        var s = Enumerable.Range(0, p.N).Select(k => solver.MakeBoolVar($"s{k}")).ToArray();
        foreach (double theta in SelectionMilp.InitialGrid(p)) AddRow(solver, s, p, theta, eps, arch);
        long nodesLeft = MilpBudget.Nodes(timeLimit);
        for (int round = 0; round < maxRounds; round++)
        {
            if (!MilpBudget.Prepare(solver, nodesLeft)) break;
            var status = solver.Solve();
            nodesLeft -= Math.Max(1, solver.Nodes());
            if (status == Solver.ResultStatus.INFEASIBLE) return (Decision.Infeasible, null);
            if (status != Solver.ResultStatus.OPTIMAL && status != Solver.ResultStatus.FEASIBLE) break;
            var cand = s.Select(v => v.SolutionValue() > 0.5).ToArray();
            var exact = verifier.Evaluate(cand);
            if (exact.Value <= eps) return (Decision.Feasible, cand);
            AddRow(solver, s, p, exact.Theta, eps, arch);
        }
        return (Decision.Undecided, null);
    }

    private static void AddRow(Solver solver, Variable[] s, CircleProblem p, double theta, double eps, Arch arch)
    {
        double f = p.TargetR * Math.Max(0, Math.Cos(theta - p.TargetPhi));
        double lo = arch == Arch.A || f > eps ? f - eps : double.NegativeInfinity;
        var row = solver.MakeConstraint(lo, f + eps);
        for (int k = 0; k < s.Length; k++)
        {
            double phi = p.C[k] * Math.Max(0, Math.Cos(theta - p.Psi[k]));
            if (phi != 0) row.SetCoefficient(s[k], phi);
        }
    }
}
