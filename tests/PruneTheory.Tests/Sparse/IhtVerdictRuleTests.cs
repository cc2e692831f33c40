using System.Text.Json;
using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Sparse;

/// <summary>The IHT claims' verdict rules on hand-made trial records (through the payload path, scope applied).</summary>
public class IhtVerdictRuleTests
{
    private static ClaimOutcome Summarize<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, IEnumerable<TTrial> trials)
        where TSpec : ClaimSpec, new()
    {
        IClaim untyped = claim;
        var payloads = trials.Select(t => JsonSerializer.Serialize(t, CanonicalJson.Options)).ToList();
        var writer = FigureWriter.Dry(new Provenance(claim.Id, "run", "hash", "{}", 0, "test", "now"));
        return untyped.Summarize(spec, payloads, new SummaryContext(new RunIdentity(claim.Id, "{}", 0), Scale.Quick, writer));
    }

    private static IhtAblationTrial Ablation(int k, int seed, double finalDb, int steps = 100) =>
        // A ramp that reaches finalDb at step 100 (the rule step) and stays there.
        new(k, seed, false, Enumerable.Range(1, steps).Select(t => finalDb * Math.Min(t, 100) / Math.Min(steps, 100)).ToArray(),
            Enumerable.Range(0, steps).Select(t => t < 60).ToArray(), false, null);

    private static IEnumerable<IhtAblationTrial> AblationWorld(IhtAblationSpec spec, Func<int, int, double> final) =>
        Enumerable.Range(0, spec.Periods.Length * spec.Seeds).Select(i => { var (k, s) = spec.Trial(i); return Ablation(k, s, final(k, s), spec.Steps); });

    private static double Table2(int k, int seed) => k switch { 1 or 2 => 245 + seed, 5 => 36 + seed, _ => 19.9 + 0.1 * seed };

    [Fact]
    public void AblationConfirmsTable2AndReportsConvergenceSteps()
    {
        var spec = new IhtAblationSpec();
        var o = Summarize(new IhtAblationClaim(), spec, AblationWorld(spec, Table2));
        Assert.Equal(Verdict.Confirmed, o.Verdict);
        Assert.Equal(60, o.Metrics["support_converged_step_mean_k1"]);
        Assert.Equal(3, o.Metrics["instances_ge160_k1"]);
        Assert.Equal(1, o.Metrics["psnr_final_sd_k5"], 9);
    }

    [Fact]
    public void AblationWithOneStalledInstanceIsInconclusiveNotContradicted()
    {
        // The referee's case, in the paper's regime: k = 1 stalls at 32 dB on one instance, reaches precision on the others.
        var spec = new IhtAblationClaim().PresetFor(Scale.Paper);
        var o = Summarize(new IhtAblationClaim(), spec, AblationWorld(spec, (k, s) => k == 1 && s == 0 ? 32 : Table2(k, s)));
        Assert.Equal(Verdict.Inconclusive, o.Verdict);
        Assert.Equal("paper", o.Scope.Kind);
        Assert.Contains("≥ 160 dB on 7", o.Reason);
    }

    [Fact]
    public void AblationWhereEveryInstanceStallsContradictsOnlyInThePaperRegime()
    {
        var claim = new IhtAblationClaim();
        Func<int, int, double> stalled = (k, s) => k == 1 ? 32 + s : Table2(k, s);
        var paper = claim.PresetFor(Scale.Paper);
        Assert.Equal(Verdict.Contradicted, Summarize(claim, paper, AblationWorld(paper, stalled)).Verdict);
        var quick = Summarize(claim, new IhtAblationSpec(), AblationWorld(new IhtAblationSpec(), stalled));
        Assert.Equal(Verdict.Inconclusive, quick.Verdict);
        Assert.Contains("outside the paper's regime", quick.Reason);
        Assert.Contains("mean 33.0 dB", quick.Reason);
    }

    [Fact]
    public void AblationJudgesTheBandsAtStep100OfALongerRun()
    {
        // k = 5 at 36 dB at step 100 but converging to 200 dB by step 200 must not fail the band.
        var spec = new IhtAblationSpec { Steps = 200 };
        var trials = AblationWorld(spec, Table2).Select(t => t.Period != 5 ? t
            : t with { Psnr = t.Psnr.Select((v, i) => i < 100 ? 36.0 + t.Seed : 200).ToArray() });
        Assert.Equal(Verdict.Confirmed, Summarize(new IhtAblationClaim(), spec, trials).Verdict);
    }

    [Fact]
    public void PairedCellRuleNeedsAStableDifference()
    {
        var metrics = new Dictionary<string, double>();
        var better = new PairedCellRule.Cell(1, 1, [0.99, 0.98, 0.99], [0.90, 0.91, 0.89]);
        var worse = new PairedCellRule.Cell(1, 2, [0.50, 0.52, 0.51], [0.90, 0.91, 0.89]);
        var oneLucky = new PairedCellRule.Cell(1, 3, [0.99, 0.90, 0.90], [0.90, 0.91, 0.89]);
        Assert.Equal(Verdict.Confirmed, PairedCellRule.Judge([better, better, better, better], metrics).Verdict);
        Assert.Equal(Verdict.Contradicted, PairedCellRule.Judge([worse, worse, better, better], metrics).Verdict);
        Assert.Equal(Verdict.Inconclusive, PairedCellRule.Judge([oneLucky, oneLucky, oneLucky, better], metrics).Verdict);
        Assert.Equal((0.09 + 0.07 + 0.10) / 3, metrics["diff_m1_s1"], 9);
    }

    [Fact]
    public void PlantedWithOneFailedM1InstanceIsInconclusive()
    {
        var claim = new IhtPlantedClaim();
        var spec = new IhtPlantedSpec();
        var rng = RngKey.FromSeed(3).Stream();
        var holds = claim.SyntheticTrials(spec, true, rng)!;
        var ok = Summarize(claim, spec, holds);
        Assert.True(ok.Verdict == Verdict.Confirmed, ok.Reason);
        var oneFailed = holds.Select(t => t.M == 1 && t.S == 5 && t.Seed == 2 ? t with { Psnr = [25, 30] } : t).ToList();
        var o = Summarize(claim, spec, oneFailed);
        Assert.Equal(Verdict.Inconclusive, o.Verdict);
        Assert.Contains("m = 1 recovered in 14 of 15 runs", o.Reason);
    }

    [Fact]
    public void InrFlatIhtAndDroppingImpConfirms_RisingImpDoesNot()
    {
        var claim = new IhtInrClaim();
        var spec = new IhtInrClaim().PresetFor(Scale.Paper);
        var rng = RngKey.FromSeed(5).Stream();
        Assert.Equal(Verdict.Confirmed, Summarize(claim, spec, claim.SyntheticTrials(spec, true, rng)!).Verdict);
        Assert.Equal(Verdict.Contradicted, Summarize(claim, spec, claim.SyntheticTrials(spec, false, rng)!).Verdict);
        var quick = new IhtInrSpec();
        var o = Summarize(claim, quick, claim.SyntheticTrials(quick, false, rng)!);
        Assert.Equal(Verdict.Inconclusive, o.Verdict);
        Assert.Contains("stably not flat", o.Reason);
    }
}
