using Xunit;
using System.Text.Json.Nodes;
using PruneTheory.Experiments;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Cli;

namespace PruneTheory.Tests.Verdicts;

/// <summary>Numbers and verdict tables in README.md and docs/ equal the committed run (figures/summary-quick-seedN.json).</summary>
public class ProseFromResultsTests
{
    private static string Repo => RepoPaths.FindRoot() ?? throw new InvalidOperationException("repository root not found");

    [Fact]
    public void Readme_and_docs_equal_the_committed_summaries()
    {
        var (changed, problems) = DocsSync.Run(Repo, calibration: null);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(changed.Count == 0,
            "stale numbers in " + string.Join(", ", changed.Select(c => Path.GetRelativePath(Repo, c.Path))) + ": run `proofs-sim docs` and commit");
    }

    [Fact]
    public void Readme_has_the_seed0_verdict_table()
    {
        Assert.Contains("<!-- generated:verdicts-seed0 -->", File.ReadAllText(Path.Combine(Repo, "README.md")));
    }

    [Fact]
    public void Sync_rewrites_tagged_numbers_and_blocks()
    {
        var summary = new Dictionary<string, JsonObject>
        {
            ["c"] = new() { ["id"] = "c", ["verdict"] = "confirmed", ["reason"] = "r | s", ["metrics"] = new JsonObject { ["m"] = 0.4567 } },
        };
        var problems = new List<string>();
        string text = "acc 12.0<!--c:m:F1%--> %, raw 0.5<!--c:m:F3-->, bad 1<!--c:nope:F1-->\n<!-- generated:verdicts-seed0 -->\nold\n<!-- /generated -->\n";
        string synced = ProseSync.Sync(text, new Dictionary<int, Dictionary<string, JsonObject>> { [0] = summary },
            new Dictionary<string, Func<string>> { ["verdicts-seed0"] = () => ProseSync.VerdictTable(summary) }, problems);
        Assert.Contains("acc 45.7<!--c:m:F1%--> %", synced);
        Assert.Contains("raw 0.457<!--c:m:F3-->", synced);
        Assert.Contains("| `c` | confirmed |  | r \\| s |", synced);
        Assert.DoesNotContain("old", synced);
        Assert.Single(problems);
        Assert.Contains("nope", problems[0]);
    }
}
