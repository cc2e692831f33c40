using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>`proofs-sim slurm` in-process: bad input exits 2 with one line and writes nothing; the scripts it writes.</summary>
[Collection("console")]
public class SlurmCommandTests
{
    private static readonly string[] Small = ["--set", "trials=6", "--set", "samplesPerTrial=20000"];

    private static (int Code, string Error, string Output) Invoke(params string[] args)
    {
        var err = new StringWriter();
        var @out = new StringWriter();
        var (oldErr, oldOut) = (Console.Error, Console.Out);
        Console.SetError(err);
        Console.SetOut(@out);
        try { return (ProofsSimMain.Run(args, CancellationToken.None), err.ToString(), @out.ToString()); }
        finally { Console.SetError(oldErr); Console.SetOut(oldOut); }
    }

    [Theory]
    [InlineData("--tasks must be >= 1", "breakpoint-cauchy", "--tasks", "0")]
    [InlineData("--tasks must be >= 1", "breakpoint-cauchy", "--tasks", "-3")]
    [InlineData("more than the trial count of every named claim (most: 6", "breakpoint-cauchy", "--tasks", "7")]
    [InlineData("unknown claim 'no-such-claim'", "no-such-claim", "--tasks", "2")]
    [InlineData("--time must look like", "breakpoint-cauchy", "--tasks", "2", "--time", "ten minutes")]
    [InlineData("--partition must be one word", "breakpoint-cauchy", "--tasks", "2", "--partition", "a b")]
    [InlineData("--cpus-per-task must be >= 1", "breakpoint-cauchy", "--tasks", "2", "--cpus-per-task", "0")]
    [InlineData("--scale must be", "breakpoint-cauchy", "--tasks", "2", "--scale", "huge")]
    [InlineData("unknown field", "breakpoint-cauchy", "--tasks", "2", "--set", "bogus=1")]
    [InlineData("error:", "breakpoint-cauchy")]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string message, params string[] args)
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("campaign");
        var (code, error, _) = Invoke(["slurm", .. args, .. Small, "--out", outDir]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void An_out_dir_holding_another_campaign_or_other_files_is_refused_untouched()
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("campaign");
        Assert.Equal(0, Invoke(["slurm", "breakpoint-cauchy", "--tasks", "3", .. Small, "--out", outDir]).Code);
        string script = Path.Combine(outDir, "slurm", SlurmScripts.RunScript);
        string before = File.ReadAllText(script);

        // The same campaign again (other resources) is fine; another spec, seed, scale or K is not.
        Assert.Equal(0, Invoke(["slurm", "breakpoint-cauchy", "--tasks", "3", "--time", "01:00:00", .. Small, "--out", outDir]).Code);
        Assert.Contains("#SBATCH --time=01:00:00", File.ReadAllText(script));
        string rewritten = File.ReadAllText(script);
        foreach (var other in new string[][] { ["--tasks", "3", "--set", "trials=7"], ["--tasks", "3", "--seed", "1"], ["--tasks", "2"] })
        {
            var (code, error, _) = Invoke(["slurm", "breakpoint-cauchy", .. Small, .. other, "--out", outDir]);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("holds a campaign with another spec", error);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Equal(rewritten, File.ReadAllText(script));
        }
        Assert.NotEqual(before, rewritten);

        string plain = tmp.Sub("plain");
        Directory.CreateDirectory(plain);
        File.WriteAllText(Path.Combine(plain, "notes.txt"), "x");
        var refused = Invoke(["slurm", "breakpoint-cauchy", "--tasks", "2", .. Small, "--out", plain]);
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Contains("is not a slurm campaign directory", refused.Error);
        Assert.Single(Directory.EnumerateFileSystemEntries(plain));
    }

    [Fact]
    public void Scripts_call_the_built_dll_by_absolute_paths_with_every_sbatch_line_before_the_first_command()
    {
        using var tmp = new TempDir();
        string outDir = tmp.Sub("campaign");
        var (code, _, _) = Invoke(["slurm", "breakpoint-cauchy", "--tasks", "3", "--partition", "gpu", "--time", "02:00:00",
            "--cpus-per-task", "4", "--gres", "gpu:1", "--account", "proj1", .. Small, "--out", outDir]);
        Assert.Equal(0, code);
        string run = File.ReadAllText(Path.Combine(outDir, "slurm", SlurmScripts.RunScript));
        string merge = File.ReadAllText(Path.Combine(outDir, "slurm", SlurmScripts.MergeScript));
        foreach (var script in new[] { run, merge })
        {
            var lines = script.Split('\n');
            int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
            Assert.All(lines.Skip(firstCommand), l => Assert.False(l.StartsWith("#SBATCH"), l)); // sbatch ignores them there
            Assert.Contains(SlurmScripts.Quote(SlurmSubmit.CliDll()), script);
            Assert.Contains(SlurmScripts.Quote(SlurmSubmit.DotnetHost()), script);
            Assert.True(Path.IsPathRooted(SlurmSubmit.DotnetHost()) && File.Exists(SlurmSubmit.DotnetHost()));
            foreach (var line in new[] { "--partition=gpu", "--time=02:00:00", "--cpus-per-task=4", "--account=proj1", $"--chdir={outDir}" })
                Assert.Contains("#SBATCH " + line, script);
        }
        Assert.Contains("#SBATCH --array=0-2", run);
        Assert.Contains("#SBATCH --gres=gpu:1", run);
        Assert.DoesNotContain("--gres", merge);
        Assert.Contains("--shard \"$((i + 1))/3\"", run);
        Assert.Contains("'--set' 'trials=6'", run);
        string readme = File.ReadAllText(Path.Combine(outDir, "slurm", SlurmScripts.Readme));
        Assert.Contains("sbatch --parsable --array=<i>", readme);
        Assert.Contains("6 trials", readme);
    }

    [Fact]
    public void Submit_without_sbatch_exits_2_and_writes_nothing()
    {
        if (SlurmSubmit.OnPath("sbatch") is not null) return; // covered by SlurmClusterTests where sbatch exists
        using var tmp = new TempDir();
        string outDir = tmp.Sub("campaign");
        var (code, error, _) = Invoke(["slurm", "breakpoint-cauchy", "--tasks", "2", .. Small, "--out", outDir, "--submit"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("sbatch is not on PATH", error);
        Assert.False(Directory.Exists(outDir));
    }
}
