using Xunit;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Cli;

namespace PruneTheory.Tests.Verdicts;

/// <summary>The committed quick runs of seeds 0, 1, 2: no claim is confirmed for one seed and contradicted for another.</summary>
public class SeedStabilityTests
{
    [Fact]
    public void No_claim_is_confirmed_for_one_seed_and_contradicted_for_another()
    {
        string repo = RepoPaths.FindRoot() ?? throw new InvalidOperationException("repository root not found");
        var summaries = DocsSync.Summaries(repo);
        Assert.True(summaries.Keys.Order().SequenceEqual([0, 1, 2]), $"committed seeds: {string.Join(", ", summaries.Keys.Order())}");
        var verdicts = summaries.Values.SelectMany(s => s.Values).GroupBy(c => (string)c["id"]!, c => (string)c["verdict"]!);
        var flips = verdicts.Where(g => g.Contains("confirmed") && g.Contains("contradicted")).Select(g => g.Key).ToList();
        Assert.True(flips.Count == 0, "confirmed for one seed and contradicted for another: " + string.Join(", ", flips));
        Assert.All(summaries.Values, s => Assert.Equal(Commands.Registry.All.Count(), s.Count));
    }
}
