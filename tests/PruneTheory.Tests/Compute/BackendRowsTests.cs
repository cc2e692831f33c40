using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.ProofsSim.Claims.Foundation;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using Xunit;

namespace PruneTheory.Tests.Compute;

/// <summary>`--backend cpu` and `--backend ilgpu-cpu` store identical rows (the runner's JSON payloads) for a small
/// run of each claim family whose trials use the provider (iht-planted's rows include its IMP baseline, trained by the networks engine).</summary>
public class BackendRowsTests(IlgpuFixture fx) : IClassFixture<IlgpuFixture>
{
    private void SameRows(IClaim claim, ClaimSpec spec, int trials)
    {
        Assert.Empty(spec.Validate());
        for (int i = 0; i < trials; i++)
        {
            string cpu = claim.RunTrial(spec, new TrialContext(4, claim.Id, i, ComputeBackend.Cpu, 1, default));
            string dev;
            using (ComputeBackend.Use(fx.Provider)) // as the runner does: the networks engine (IMP baselines) takes it too
                dev = claim.RunTrial(spec, new TrialContext(4, claim.Id, i, fx.Provider, 1, default));
            Assert.Equal(cpu, dev);
        }
    }

    [Fact]
    public void Iht_planted_rows_are_identical() =>
        SameRows(new IhtPlantedClaim(), new IhtPlantedSpec { N = 64, D = 4, Widths = [2], Sparsities = [3], Seeds = 2, Steps = [3, 6], ImpWidths = [2], ImpEpochsPerRound = 2 }, 2);

    [Fact]
    public void Iht_ablation_rows_are_identical() =>
        SameRows(new IhtAblationClaim(), new IhtAblationSpec { N = 64, D = 4, Width = 3, Sparsity = 4, Steps = 6, Seeds = 3 }, 2);

    [Fact]
    public void Np_2d_rows_are_identical() =>
        SameRows(new NpTwoDClaim(), new NpTwoDSpec { Widths = [4, 6], Trials = 3, MilpSeconds = 1 }, 1);

    [Fact]
    public void Breakpoint_rows_are_identical() =>
        SameRows(new BreakpointCauchyClaim(), new BreakpointCauchySpec { Centres = [0, 1], HalfWidths = [0.5], Trials = 2, SamplesPerTrial = 2000 }, 1);
}
