using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;
using PruneTheory.ProofsSim.Claims.Iht;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class IhtClaimTests
{
    internal static (ClaimOutcome Outcome, List<TTrial> Trials, string Dir) RunClaim<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, ulong seed = 1)
        where TSpec : ClaimSpec, new()
    {
        Assert.Empty(spec.Validate());
        IClaim untyped = claim; // through the JSON payloads the runner stores
        var payloads = Enumerable.Range(0, claim.TrialCount(spec)).AsParallel().AsOrdered()
            .Select(i => untyped.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 1, default))).ToList();
        var trials = payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<TTrial>(p, CanonicalJson.Options)!).ToList();
        string dir = Path.Combine(Path.GetTempPath(), "iht-claim-tests", claim.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        var outcome = untyped.Summarize(spec, payloads, new SummaryContext(new RunIdentity(claim.Id, "{}", seed), Scale.Quick,
            new FigureWriter(dir, new Provenance(claim.Id, "run", "hash", "{}", seed, "test", "now"))));
        return (outcome, trials, dir);
    }

    [Fact]
    public void PlantedClaimOnASmallGridRecoversM1AndDrawsFigures()
    {
        var spec = new IhtPlantedSpec { N = 500, D = 10, Widths = [1, 2], Sparsities = [1, 3, 8], Seeds = 2, Steps = [5, 15], ImpWidths = [1], ImpEpochsPerRound = 5 };
        var (outcome, trials, dir) = RunClaim(new IhtPlantedClaim(), spec);
        Assert.Equal(2 * 3 * 2, trials.Count);
        // m = 1 recovered and containment hold; 6 IMP runs cannot put the Wilson bound of "AIHT ≥ IMP" at 0.9.
        Assert.Equal(Verdict.Inconclusive, outcome.Verdict);
        Assert.Contains("holds: m = 1 recovered in 6 of 6 runs", outcome.Reason);
        Assert.Contains("undecided: AIHT (T = 5) PSNR ≥ IMP's in 6 of 6 runs", outcome.Reason);
        Assert.Equal(1, outcome.Metrics["m1_all_success"]);
        Assert.Equal(0, outcome.Metrics["iht_bytes_spread_across_m"]);
        Assert.True(outcome.Metrics["iht_bytes_per_nonzero"] > 8 * 500); // one A_S column per nonzero at least
        foreach (var f in outcome.Figures) Assert.True(File.Exists(Path.Combine(dir, f + ".png")), f);
        Assert.Contains("iht-planted-memory", outcome.Figures);
        Assert.Contains("iht-planted-imp-psnr", outcome.Figures);
        Assert.All(trials, t => Assert.Equal(t.M == 1, t.ImpPsnr is not null));
        Assert.Equal(3, outcome.Metrics["imp_cells"]);
    }

    [Fact]
    public void PlantedClaimTrialsArePureFunctionsOfSeedAndIndex()
    {
        var spec = new IhtPlantedSpec { N = 300, D = 8, Widths = [3], Sparsities = [4], Seeds = 1, Steps = [4], ImpWidths = [3], ImpEpochsPerRound = 2 };
        var claim = new IhtPlantedClaim();
        var a = claim.RunTrial(spec, new TrialContext(7, claim.Id, 0, ComputeBackend.Cpu, 1, default));
        var b = claim.RunTrial(spec, new TrialContext(7, claim.Id, 0, ComputeBackend.Cpu, 2, default));
        Assert.Equal(a.Psnr, b.Psnr);
        Assert.Equal(a.WorkingBytes, b.WorkingBytes);
        Assert.Equal(a.ImpPsnr, b.ImpPsnr);
    }

    [Fact]
    public void AblationClaimOnASmallProblemReportsPerStepCurves()
    {
        var spec = new IhtAblationSpec { N = 1500, D = 20, Width = 4, Sparsity = 30, Steps = 30, Periods = [1, 0], Seeds = 2 };
        var (outcome, trials, _) = RunClaim(new IhtAblationClaim(), spec);
        Assert.Equal(4, trials.Count);
        Assert.Equal(2, outcome.Metrics["instances_k1"]);
        Assert.All(trials, t => Assert.Equal(30, t.Psnr.Length));
        Assert.True(outcome.Metrics.ContainsKey("psnr_final_min_k1"));
        Assert.True(outcome.Metrics.ContainsKey("psnr_final_min_knever"));
        Assert.True(outcome.Metrics.ContainsKey("psnr_final_sd_k1"));
        Assert.Contains("iht-ablation-psnr", outcome.Figures);
        Assert.Contains("iht-ablation-final", outcome.Figures);
        Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
    }

    [Fact]
    public void SpecsRejectBadInput()
    {
        Assert.NotEmpty(new IhtPlantedSpec { Widths = [] }.Validate());
        Assert.NotEmpty(new IhtPlantedSpec { Steps = [0] }.Validate());
        Assert.NotEmpty(new IhtAblationSpec { Periods = [-1] }.Validate());
    }
}
