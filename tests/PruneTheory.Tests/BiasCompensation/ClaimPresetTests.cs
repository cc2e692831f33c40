using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class ClaimPresetTests
{
    [Theory]
    [InlineData(Scale.Quick)]
    [InlineData(Scale.Paper)]
    public void PresetsValidate(Scale scale)
    {
        Assert.Empty(new BiasCompMnistClaim().PresetFor(scale).Validate());
        Assert.Empty(new BiasCompDiffSorpClaim().PresetFor(scale).Validate());
        Assert.Empty(new BiasCompSyntheticClaim().PresetFor(scale).Validate());
        Assert.Empty(new BiasCompConvClaim().PresetFor(scale).Validate());
    }

    [Fact]
    public void IdsAreTheIssueNames()
    {
        Assert.Equal("biascomp-mnist", new BiasCompMnistClaim().Id);
        Assert.Equal("biascomp-diffsorp", new BiasCompDiffSorpClaim().Id);
        Assert.Equal("biascomp-conv", new BiasCompConvClaim().Id);
        Assert.Equal("biascomp-synthetic", new BiasCompSyntheticClaim().Id);
    }

    [Fact]
    public void BadSpecsAreRejected()
    {
        Assert.NotEmpty(new BiasCompDiffSorpSpec { NoiseLevels = [-0.1] }.Validate());
        Assert.NotEmpty(new BiasCompMnistSpec { Ratios = [1.5] }.Validate());
        Assert.NotEmpty(new BiasCompConvSpec { Channels = [8] }.Validate());
        Assert.NotEmpty(new BiasCompSyntheticSpec { Activations = ["sigmoid"] }.Validate());
    }
}
