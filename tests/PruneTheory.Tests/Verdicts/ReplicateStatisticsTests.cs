using Xunit;
using PruneTheory.Experiments;
using PruneTheory.Statistics;

namespace PruneTheory.Tests.Verdicts;

public class ReplicateStatisticsTests
{
    [Fact]
    public void Side_needs_the_interval_and_every_leave_one_out_mean()
    {
        Assert.Equal(Side.Above, ReplicateMean.Of([1.0, 1.2, 0.9, 1.1]).SideOf(0));
        Assert.Equal(Side.Below, ReplicateMean.Of([-1.0, -1.2, -0.9, -1.1]).SideOf(0));
        // One replicate carries the effect: the pooled mean is positive, but leaving it out reverses the sign.
        Assert.Equal(Side.Undecided, ReplicateMean.Of([-0.01, -0.02, 0.01, 50.0]).SideOf(0));
        Assert.Equal(Side.Undecided, ReplicateMean.Of([3.0]).SideOf(0));   // one replicate decides nothing
    }

    [Fact]
    public void Identical_replicates_give_a_point_interval()
    {
        var m = ReplicateMean.Of([2.5, 2.5, 2.5]);
        Assert.Equal(2.5, m.Ci.Lower);
        Assert.Equal(2.5, m.Ci.Upper);
        Assert.Equal([2.5, 2.5, 2.5], m.LeaveOneOut);
    }

    [Fact]
    public void T_interval_covers_the_mean_at_the_nominal_rate()
    {
        var s = PruneTheory.Random.RngKey.FromSeed(3).Stream();
        int covered = 0, runs = 2000;
        for (int r = 0; r < runs; r++)
        {
            var xs = Enumerable.Range(0, 5).Select(_ => 1 + s.NextGaussian()).ToArray();
            if (ReplicateMean.Of(xs).Ci.Contains(1)) covered++;
        }
        Assert.InRange(covered / (double)runs, 0.93, 0.97);
    }

    [Fact]
    public void Stable_keeps_a_verdict_only_when_no_replicate_left_out_changes_it()
    {
        Func<IReadOnlyList<double>, string> rule = xs => xs.Average() > 0 ? "up" : "down";
        Assert.Equal("up", Replicates.Stable([1.0, 2.0, 3.0], rule, "unstable"));
        Assert.Equal("unstable", Replicates.Stable([-1.0, -1.0, 5.0], rule, "unstable"));
    }

    [Fact]
    public void A_contradiction_outside_the_papers_regime_is_inconclusive()
    {
        var outcome = new ClaimOutcome(Verdict.Contradicted, "k = 1 reached 32 dB", new Dictionary<string, double>(), []);
        var reduced = new Scope("n = 50000", "n = 10000", ["n = 10000 (paper 50000)"], CoversStatement: false);
        var r = reduced.Apply(outcome);
        Assert.Equal(Verdict.Inconclusive, r.Verdict);
        Assert.Contains("k = 1 reached 32 dB", r.Reason);
        Assert.Equal("reduced", r.Scope.Kind);
        var paper = new Scope("n = 50000", "n = 50000", [], CoversStatement: true);
        Assert.Equal(Verdict.Contradicted, paper.Apply(outcome).Verdict);
        var confirmed = outcome with { Verdict = Verdict.Confirmed };
        Assert.Equal(Verdict.Confirmed, reduced.Apply(confirmed).Verdict);
    }
}
