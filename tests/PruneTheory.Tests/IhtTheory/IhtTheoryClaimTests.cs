using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.IhtTheory;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.IhtTheory;

/// <summary>Tiny specs of the three claims through the stored (JSON payload) path: verdicts, figures, repeatability.</summary>
public class IhtTheoryClaimTests
{
    [Fact]
    public void RipFindsTheComplementaryNullVectorAtEveryNAndIsRepeatable()
    {
        using var tmp = new TempDir();
        var spec = new IhtRipSpec { InputDim = 3, Width = 4, Ns = [40, 120], Levels = [2, 4], Sparsities = [1, 2], Replicates = 2, SampledSupports = 10, AihtSteps = 15, IhtSteps = 100 };
        var a = ClaimHarness.Run(new IhtRipClaim(), spec, tmp.Sub("a"));
        var b = ClaimHarness.Run(new IhtRipClaim(), spec, tmp.Sub("b"));
        Assert.Equal(Verdict.Contradicted, a.Verdict);
        Assert.Equal(4, a.Metrics["enumerated_singular_level"]);
        Assert.True(a.Metrics["alpha_sampled_L2"] > 0);
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.Contains(a.Figures, f => f.Contains("iht-rip-kappa"));
        Assert.Contains(a.Figures, f => f.Contains("iht-rip-identifiability"));
    }

    [Fact]
    public void RateReportsRatesWhereTheHypothesisIsCertifiedFalse()
    {
        using var tmp = new TempDir();
        var spec = new IhtRateSpec { InputDim = 3, Width = 4, Ns = [200], Sparsities = [1, 2], KeepFactors = [1], Replicates = 2, IhtSteps = 200, AihtSteps = 15, SampledSupports = 10 };
        var o = ClaimHarness.Run(new IhtRateClaim(), spec, tmp.Path);
        Assert.Equal(Verdict.Inconclusive, o.Verdict);
        Assert.Equal(o.Metrics["iht_instances"], o.Metrics["iht_inapplicable"]);
        Assert.Equal(0, o.Metrics["cells_hypothesis_not_excluded"]);
        Assert.True(o.Metrics["iht_converged"] >= 1);
        Assert.InRange(o.Metrics["iht_rho_median"], 0, 1);
    }

    [Fact]
    public void AssumptionsConfirmOnGaussianPlantedPatterns()
    {
        using var tmp = new TempDir();
        var spec = new IhtAssumptionsSpec { Ds = [6], Width = 4, Sparsity = 6, Ns = [200, 800], Replicates = 3 };
        var o = ClaimHarness.Run(new IhtAssumptionsClaim(), spec, tmp.Path);
        Assert.InRange(o.Metrics["eps_planted_d6"], 0.3, 0.6);
        Assert.InRange(o.Metrics["gamma_enumerated_d6"], 0.3, 0.6);   // ±e_i patterns: ≈ 1/2 apart
        Assert.Contains(o.Figures, f => f.Contains("iht-assumptions-coverage"));
        Assert.Contains(o.Figures, f => f.Contains("iht-assumptions-separation"));
    }
}
