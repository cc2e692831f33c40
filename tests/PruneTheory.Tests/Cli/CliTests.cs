using System.Text.Json.Nodes;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Cli;

/// <summary>The CLI in-process: bad input gives exit code 2 and writes nothing; runs write store, summary and figures.</summary>
[Collection("console")]
public class CliTests
{
    private static (int Code, string Error) Invoke(params string[] args)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { return (ProofsSimMain.Run(args, CancellationToken.None), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Theory]
    [InlineData("unknown claim", "run", "no-such-claim")]
    [InlineData("unknown field", "run", "breakpoint-cauchy", "--set", "bogus=1")]
    [InlineData("--threads must be >= 1", "run", "breakpoint-cauchy", "--threads", "0")]
    [InlineData("--shard 3/2", "run", "breakpoint-cauchy", "--shard", "3/2")]
    [InlineData("--shard must look like", "run", "breakpoint-cauchy", "--shard", "x")]
    [InlineData("finite", "run", "breakpoint-cauchy", "--set", "confidence=NaN")]
    [InlineData("halfWidths must all be > 0", "run", "breakpoint-cauchy", "--set", "halfWidths=0,-1")]
    [InlineData("--scale must be", "run", "breakpoint-cauchy", "--scale", "huge")]
    [InlineData("--backend must be", "run", "breakpoint-cauchy", "--backend", "tpu")]
    [InlineData("error:", "run")]
    [InlineData("error:", "run", "breakpoint-cauchy", "--bogus-option")]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string message, params string[] args)
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("out"), figures = tmp.Sub("fig");
        var (code, error) = Invoke([.. args, "--out", outDir, "--figures", figures]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(outDir));
        Assert.False(Directory.Exists(figures));
    }

    [Fact]
    public void Spec_fields_of_other_claims_are_validated_too()
    {
        // Every registered claim's quick preset must be valid: a broken preset would fail every `run all`.
        foreach (var claim in Commands.Registry.All)
            Assert.Empty(claim.Preset(PruneTheory.Experiments.Scale.Quick).Validate());
    }

    [Fact]
    public void Run_then_figures_then_resume_work_end_to_end()
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("run"), figures = tmp.Sub("fig");
        string[] small = ["--set", "trials=6", "--set", "samplesPerTrial=20000"];
        Assert.Equal(0, Invoke(["run", "breakpoint-cauchy", "--out", outDir, "--figures", figures, .. small]).Code);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
        var claim = summary["claims"]![0]!;
        Assert.Equal("breakpoint-cauchy", (string)claim["id"]!);
        Assert.Contains((string)claim["verdict"]!, new[] { "confirmed", "inconclusive", "contradicted" });
        Assert.True(claim["metrics"]!["samples"]!.GetValue<double>() == 120000);
        foreach (var ext in new[] { "png", "svg", "csv" })
            Assert.True(File.Exists(Path.Combine(figures, "breakpoint-cauchy", "breakpoint-cauchy." + ext)));
        Assert.StartsWith("# claim: breakpoint-cauchy", File.ReadAllText(Path.Combine(figures, "breakpoint-cauchy", "breakpoint-cauchy.csv")));

        Directory.Delete(figures, true);
        Assert.Equal(0, Invoke("figures", outDir).Code);
        Assert.True(File.Exists(Path.Combine(figures, "breakpoint-cauchy", "breakpoint-cauchy.png")));
        Assert.Equal(0, Invoke("resume", outDir).Code);
        Assert.Equal(ExitCodes.BadInput, Invoke("resume", tmp.Sub("nothing-here")).Code);
    }

    [Fact]
    public void Shards_merge_into_a_complete_run()
    {
        using var tmp = new TempDir();
        string[] small = ["--set", "trials=5", "--set", "samplesPerTrial=5000", "--figures", tmp.Sub("fig")];
        Assert.Equal(0, Invoke(["run", "breakpoint-cauchy", "--shard", "1/2", "--out", tmp.Sub("a"), .. small]).Code);
        Assert.Equal(0, Invoke(["run", "breakpoint-cauchy", "--shard", "2/2", "--out", tmp.Sub("b"), .. small]).Code);
        var partial = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Sub("a"), "summary.json")))!["claims"]![0]!;
        Assert.Equal("incomplete", (string)partial["verdict"]!);
        Assert.Equal(0, Invoke("merge", tmp.Sub("a"), tmp.Sub("b"), "--out", tmp.Sub("m")).Code);
        Assert.Equal(0, Invoke("figures", tmp.Sub("m")).Code);
        var merged = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Sub("m"), "summary.json")))!["claims"]![0]!;
        Assert.Equal(5, merged["trials"]!["completed"]!.GetValue<int>());
        Assert.NotEqual("incomplete", (string)merged["verdict"]!);
    }
}
