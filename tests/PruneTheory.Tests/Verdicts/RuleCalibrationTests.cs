using Xunit;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;

namespace PruneTheory.Tests.Verdicts;

/// <summary>
/// Every claim's verdict rule, run on synthetic payloads from a world where the claim holds and one where it
/// fails (200 runs each, quick and paper presets): false confirm and false contradict at most 5 %.
/// </summary>
public class RuleCalibrationTests
{
    public static TheoryData<string> ClaimIds() => new(Commands.Registry.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(ClaimIds))]
    public void Rule_is_calibrated(string claimId)
    {
        var claim = Commands.Registry.Get(claimId);
        if (claim.CalibrationExemption is { } why)
        {
            Assert.False(string.IsNullOrWhiteSpace(why));
            return;
        }
        foreach (var scale in new[] { Scale.Quick, Scale.Paper })
        {
            var r = RuleCalibration.Measure(claim, scale)!;
            Assert.True(r.Within(RuleCalibration.Limit),
                $"{claimId} ({scale}): false confirm {r.FalseConfirm:P1}, false contradict {r.FalseContradict:P1} over {r.Runs} synthetic runs (limit 5 %)");
        }
    }

    [Theory]
    [MemberData(nameof(ClaimIds))]
    public void Claim_states_its_replicate_unit_and_rule(string claimId)
    {
        var claim = Commands.Registry.Get(claimId);
        Assert.NotEqual("not stated", claim.ReplicateUnit);
        Assert.NotEqual("not stated", claim.Rule);
    }
}
