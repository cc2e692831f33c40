using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Foundation;
using Xunit;

namespace PruneTheory.Tests.Experiments;

public class CanonicalSpecTests
{
    private static readonly BreakpointCauchyClaim Claim = new();

    [Fact]
    public void Defaults_are_omitted_and_keys_sorted()
    {
        var spec = new BreakpointCauchySpec { Trials = 5, Centres = [0, 1] };
        Assert.Equal("{\"centres\":[0,1],\"trials\":5}", CanonicalJson.Of(spec, Claim.DefaultSpec()));
        Assert.Equal("{}", CanonicalJson.Of(new BreakpointCauchySpec(), Claim.DefaultSpec()));
    }

    [Fact]
    public void Spec_hash_is_pinned()
    {
        // Regression pin (as OpenLTH pins hparam hashes): changing it renames every stored run.
        var id = new RunIdentity("breakpoint-cauchy", "{}", 0);
        Assert.Equal("928c61f5d42ffcf0d5f6854e04abb16a0cc177f491030b9798185cc893482bea", id.Hash);
        Assert.Equal("breakpoint-cauchy_928c61f5d42f", id.Name);
    }

    [Fact]
    public void Seed_and_spec_change_the_name()
    {
        var a = PlannedRun.Create(Claim, new BreakpointCauchySpec(), 0, Scale.Quick).Identity.Name;
        var b = PlannedRun.Create(Claim, new BreakpointCauchySpec(), 1, Scale.Quick).Identity.Name;
        var c = PlannedRun.Create(Claim, new BreakpointCauchySpec { Trials = 3 }, 0, Scale.Quick).Identity.Name;
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public void Overrides_set_fields_and_lists()
    {
        var spec = (BreakpointCauchySpec)SpecOverrides.Apply(new BreakpointCauchySpec(), ["trials=3", "halfWidths=0.1,0.2"], Claim.Id);
        Assert.Equal(3, spec.Trials);
        Assert.Equal([0.1, 0.2], spec.HalfWidths);
    }

    [Theory]
    [InlineData("nosuchfield=1", "unknown field")]
    [InlineData("trials=abc", "cannot read")]
    [InlineData("trials", "field=value")]
    public void Bad_overrides_are_refused(string assignment, string message)
    {
        var e = Assert.Throws<SpecException>(() => SpecOverrides.Apply(new BreakpointCauchySpec(), [assignment], Claim.Id));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Nan_and_nonpositive_values_fail_validation()
    {
        var spec = (BreakpointCauchySpec)SpecOverrides.Apply(new BreakpointCauchySpec(), ["confidence=NaN"], Claim.Id);
        Assert.Contains(spec.Validate(), m => m.Contains("finite"));
        Assert.Contains(new BreakpointCauchySpec { HalfWidths = [0.1, -1] }.Validate(), m => m.Contains("halfWidths"));
        Assert.Throws<SpecException>(() => PlannedRun.Create(Claim, new BreakpointCauchySpec { Trials = 0 }, 0, Scale.Quick));
    }
}
