using PruneTheory.Experiments;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>A test-only claim: trial 0 returns at once, trial 1 waits until the test releases it.</summary>
public sealed record GateSpec : ClaimSpec;

public sealed record GateTrial(int Index);

public sealed class GateClaim : Claim<GateSpec, GateTrial>
{
    public readonly ManualResetEventSlim Release = new(false);
    public DateTime FirstFinished { get; private set; }

    public override string Id => "test-gate";
    public override string Title => "test gate";
    public override string Statement => "test-only";
    public override int TrialCount(GateSpec spec) => 2;

    public override GateTrial RunTrial(GateSpec spec, TrialContext ctx)
    {
        if (ctx.TrialIndex == 0) { FirstFinished = DateTime.UtcNow; return new GateTrial(0); }
        Release.Wait(TimeSpan.FromSeconds(60), ctx.Cancellation);
        return new GateTrial(1);
    }

    public override ClaimOutcome Summarize(GateSpec spec, IReadOnlyList<GateTrial> trials, SummaryContext ctx) => ClaimOutcome.Skip("test");
}

/// <summary>
/// The documented commit cadence: a finished trial is in the store within CommitSeconds (2 s) even while the next
/// trial is still running. Measured on the store's contents, with a generous margin for a loaded machine.
/// </summary>
public class CommitCadenceTests
{
    [Fact]
    public async Task A_finished_trial_is_committed_within_two_seconds_while_another_runs()
    {
        using var tmp = new TempDir();
        var claim = new GateClaim();
        var plan = PlannedRun.Create(claim, new GateSpec(), 0, Scale.Quick);
        using var store = ResultStore.OpenOrCreate(tmp.Path);
        var run = Task.Run(() => TrialRunner.Execute(store, plan, new ExecutionOptions(2, Shard.Whole, CommitSeconds: 2.0), PruneTheory.Gpu.ComputeBackend.Cpu));
        try
        {
            DateTime? seen = null;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (seen is null && DateTime.UtcNow < deadline && !run.IsCompleted)
            {
                using (var reader = ResultStore.OpenReadOnly(tmp.Path))
                    if (reader.GetRun(plan.Identity.Name) is not null && reader.CompletedTrials(plan.Identity.Name).Contains(0)) seen = DateTime.UtcNow;
                Thread.Sleep(50);
            }
            Assert.NotNull(seen);
            Assert.False(run.IsCompleted, "trial 1 was still held back, so the runner cannot have finished");
            double lag = (seen.Value - claim.FirstFinished).TotalSeconds;
            Assert.InRange(lag, 0, 2.0 + 3.0); // 2 s promised; 3 s margin for a loaded 2-core machine
        }
        finally { claim.Release.Set(); }
        Assert.Equal(2, await run);
        Assert.Equal([0, 1], store.CompletedTrials(plan.Identity.Name).Order().ToArray());
    }
}
