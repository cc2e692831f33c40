using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>--set lists of words, computed fields named with their sources, and the generic bounds against every preset.</summary>
public class SpecInputTests
{
    [Fact]
    public void Every_claims_quick_and_paper_presets_pass_the_generic_bounds()
    {
        foreach (var claim in Commands.Registry.All)
            foreach (var scale in new[] { Scale.Quick, Scale.Paper })
            {
                var spec = claim.Preset(scale);
                Assert.True(spec.Validate().Count == 0, $"{claim.Id} {scale}: {string.Join("; ", spec.Validate())}");
                Assert.InRange(claim.TrialCount(spec), 1, PlannedRun.MaxTrials);
            }
    }

    [Fact]
    public void Lists_of_words_are_settable()
    {
        var claim = Commands.Registry.Get("biascomp-synthetic");
        var spec = SpecOverrides.Apply(claim.Preset(Scale.Quick), ["methods=ec,magnitude"], claim.Id);
        Assert.Contains("\"methods\":[\"ec\",\"magnitude\"]", CanonicalJson.Full(spec));
    }

    [Fact]
    public void A_computed_field_names_the_fields_to_set_instead()
    {
        var claim = Commands.Registry.Get("wp-construction");
        var e = Assert.Throws<SpecException>(() => SpecOverrides.Apply(claim.Preset(Scale.Quick), ["units=2,4"], claim.Id));
        Assert.Contains("computed", e.Message);
        Assert.Contains("minUnits", e.Message);
        Assert.Contains("maxUnits", e.Message);
    }

    [Fact]
    public void Integers_in_exponent_form_are_read_and_bounded()
    {
        var claim = Commands.Registry.Get("breakpoint-cauchy");
        Assert.Contains("\"trials\":200000", CanonicalJson.Full(SpecOverrides.Apply(claim.Preset(Scale.Quick), ["trials=2e5"], claim.Id)));
        var big = SpecOverrides.Apply(claim.Preset(Scale.Quick), ["trials=2e9"], claim.Id);
        Assert.Contains(big.Validate(), m => m.Contains("at most"));
    }
}
