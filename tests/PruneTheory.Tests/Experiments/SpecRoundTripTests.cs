using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Experiments;

/// <summary>Every claim's stored spec reads back to the same run name, at both scales (resume and figures rely on it).</summary>
public class SpecRoundTripTests
{
    public static TheoryData<string, Scale> Claims()
    {
        var data = new TheoryData<string, Scale>();
        foreach (var id in Commands.Registry.Ids) { data.Add(id, Scale.Quick); data.Add(id, Scale.Paper); }
        return data;
    }

    [Theory]
    [MemberData(nameof(Claims))]
    public void Stored_spec_reads_back_to_the_same_run(string id, Scale scale)
    {
        var claim = Commands.Registry.Get(id);
        var plan = PlannedRun.Create(claim, claim.Preset(scale), 3, scale);
        var back = PlannedRun.FromStored(plan.ToStored(), Commands.Registry);
        Assert.Equal(plan.Identity.Name, back.Identity.Name);
        Assert.Equal(plan.Identity.CanonicalSpec, back.Identity.CanonicalSpec);
    }
}
