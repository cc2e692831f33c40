using FsCheck.Xunit;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class SelectionMilpTests
{
    [Property(MaxTest = 12)]
    public void Milp_optimum_equals_brute_force(int seed)
    {
        int n = 2 + (int)((uint)seed % 11);
        var p = TheoryFixtures.Problem(seed, n);
        var (best, _) = TheoryFixtures.BruteForce(new ArcVerifier(p));
        var r = SelectionMilp.Solve([p], TimeSpan.FromSeconds(20));
        Assert.True(r.Certified, $"not certified: [{r.Lower}, {r.Upper}] after {r.Rounds} rounds");
        Assert.Equal(best, r.Upper, 1e-9);
        Assert.True(r.Lower <= best + 1e-9);
        Assert.Equal(r.Upper, new ArcVerifier(p).Evaluate(r.Subset).Value, 1e-12);
    }

    [Property(MaxTest = 8)]
    public void Local_search_is_an_upper_bound_and_milp_respects_groups(int seed)
    {
        int n = 6;
        var p = TheoryFixtures.Problem(seed, n);
        // two copies of each unit in one group: the optimum must equal the ungrouped optimum of the n units
        var doubled = p with { C = [.. p.C, .. p.C], Psi = [.. p.Psi, .. p.Psi] };
        int[] groups = [.. Enumerable.Range(0, n), .. Enumerable.Range(0, n)];
        var (best, _) = TheoryFixtures.BruteForce(new ArcVerifier(p));
        var r = SelectionMilp.Solve([doubled], TimeSpan.FromSeconds(20), groups: groups);
        Assert.Equal(best, r.Upper, 1e-9);
        for (int k = 0; k < n; k++) Assert.False(r.Subset[k] && r.Subset[k + n]);
        var ls = new LocalSearch(new SliceVerifier([doubled]), groups).Run(TheoryFixtures.Key(seed, "ls").Stream());
        Assert.True(ls.Value >= best - 1e-12);
        Assert.Equal(ls.Value, new ArcVerifier(doubled).Evaluate(ls.Subset).Value, 1e-12);
    }

    [Fact]
    public void Time_limited_milp_still_brackets_the_optimum()
    {
        var p = TheoryFixtures.Problem(7, 40);
        var r = SelectionMilp.Solve([p], TimeSpan.FromMilliseconds(300));
        var ls = new LocalSearch(new SliceVerifier([p])).Run(TheoryFixtures.Key(7, "ls").Stream(), 0);
        Assert.True(r.Lower <= ls.Value + 1e-9 && r.Lower >= AnalyticBound.LowerBound(p) - 0.05);
        Assert.True(r.Lower <= r.Upper);
    }

    [Fact]
    public void Budget_is_nodes_not_wall_time_so_limited_runs_repeat_exactly()
    {
        var p = TheoryFixtures.Problem(7, 40);
        var budget = TimeSpan.FromMilliseconds(0.5); // one SCIP node: far too few for N = 40
        var a = SelectionMilp.Solve([p], budget);
        var b = SelectionMilp.Solve([p], budget);
        Assert.True(a.TimedOut);
        Assert.Equal((a.Lower, a.Upper, a.Rounds), (b.Lower, b.Upper, b.Rounds));
        Assert.Equal(a.Subset, b.Subset);
        var more = SelectionMilp.Solve([p], TimeSpan.FromSeconds(5));
        Assert.True(more.Lower >= a.Lower - 1e-12 || more.Certified); // a larger budget never certifies less
    }
}

public class MilpSolverChoiceTests
{
    /// <summary>Issue 18 item 4: SCIP's node parameter is SCIP's; another solver is refused rather than returning an unsolved [0, 1] bracket.</summary>
    [Theory]
    [InlineData("CBC")]
    [InlineData("HIGHS")]
    public void Other_solvers_are_refused_not_silently_unsolved(string solverId)
    {
        Assert.False(MilpBudget.HasNodeBudget(solverId));
        Assert.True(MilpBudget.HasNodeBudget("SCIP"));
        Assert.Throws<ArgumentException>(() => SelectionMilp.Solve([TheoryFixtures.Problem(11, 8)], TimeSpan.FromSeconds(5), solverId: solverId));
    }
}

public class FeasibilityMilpTests
{
    /// <summary>Spec tests 6–7: the fixed-ε decision (model A and B) agrees with the min–max value from brute force.</summary>
    [FsCheck.Xunit.Property(MaxTest = 12)]
    public void Fixed_eps_decision_matches_the_optimum(int seed, bool modelB)
    {
        int n = 3 + (int)((uint)seed % 7);
        var arch = modelB ? PruneTheory.Theory.Relu2D.Arch.B : PruneTheory.Theory.Relu2D.Arch.A;
        var p = TheoryFixtures.Problem(seed, n);
        var v = new PruneTheory.Theory.Relu2D.ArcVerifier(p, arch);
        var (best, _) = TheoryFixtures.BruteForce(v);
        var above = PruneTheory.Theory.Selection.FeasibilityMilp.Decide(p, best * 1.05, arch, TimeSpan.FromSeconds(20));
        Xunit.Assert.Equal(PruneTheory.Theory.Selection.Decision.Feasible, above.Decision);
        Xunit.Assert.True(v.Evaluate(above.Subset!).Value <= best * 1.05);
        var below = PruneTheory.Theory.Selection.FeasibilityMilp.Decide(p, best * 0.95, arch, TimeSpan.FromSeconds(20));
        Xunit.Assert.Equal(PruneTheory.Theory.Selection.Decision.Infeasible, below.Decision);
    }
}
