using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// Bad command lines: each gives its documented exit code, one line on stderr naming the problem, no stack trace,
/// and writes nothing (the temporary folder holding --out and --figures is unchanged). OUT and FIG stand for them.
/// </summary>
[Collection("console")]
public class BadInputTests
{
    private const int Bad = ExitCodes.BadInput, Env = ExitCodes.Environment;

    public static TheoryData<int, string, string[]> Cases() => new()
    {
        { Bad, "unknown command", ["frobnicate"] },
        { Bad, "no command", [] },
        { Bad, "unknown command", ["runn", "breakpoint-cauchy"] },
        { Bad, "unknown claim", ["run", "no-such-claim", "--out", "OUT", "--figures", "FIG"] },
        { Bad, "error:", ["run", "--out", "OUT"] },
        { Bad, "error:", ["run", "breakpoint-cauchy", "--bogus-option"] },
        { Bad, "unknown field", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "bogus=1"] },
        { Bad, "--set needs field=value", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials"] },
        { Bad, "--set needs field=value", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "=4"] },
        { Bad, "cannot read", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=abc"] },
        { Bad, "whole number", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=1.5"] },
        { Bad, "at most", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=2e9"] },
        { Bad, "at most", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=3e9"] },
        { Bad, "at most", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "samplesPerTrial=1e18"] },
        { Bad, "at most", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "samplesPerTrial=1e30"] },
        { Bad, "trials", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=0"] },
        { Bad, "trials", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "trials=-3"] },
        { Bad, "not be empty", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "halfWidths="] },
        { Bad, "not be empty", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "centres="] },
        { Bad, "finite", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "confidence=NaN"] },
        { Bad, "finite", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "confidence=inf"] },
        { Bad, "finite", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "centres=0,NaN"] },
        { Bad, "halfWidths must all be > 0", ["run", "breakpoint-cauchy", "--out", "OUT", "--set", "halfWidths=0,-1"] },
        { Bad, "computed", ["run", "wp-construction", "--out", "OUT", "--set", "units=2,4"] },
        { Bad, "not be empty", ["run", "wp-construction", "--out", "OUT", "--set", "dims="] },
        { Bad, "at most", ["run", "wp-construction", "--out", "OUT", "--set", "dims=2,2000000000"] },
        { Bad, "at most", ["run", "biascomp-synthetic", "--out", "OUT", "--set", "trainPoints=2e9"] },
        { Bad, "at most", ["run", "biascomp-diffsorp", "--out", "OUT", "--set", "trainPoints=2e9"] },
        { Bad, "unknown field", ["run", "breakpoint-cauchy", "rss-cover", "--out", "OUT", "--set", "samplesPerTrial=10"] },
        { Bad, "--threads must be >= 1", ["run", "breakpoint-cauchy", "--out", "OUT", "--threads", "0"] },
        { Bad, "error:", ["run", "breakpoint-cauchy", "--out", "OUT", "--threads", "many"] },
        { Bad, "--shard", ["run", "breakpoint-cauchy", "--out", "OUT", "--shard", "3/2"] },
        { Bad, "--shard", ["run", "breakpoint-cauchy", "--out", "OUT", "--shard", "0/0"] },
        { Bad, "--shard", ["run", "breakpoint-cauchy", "--out", "OUT", "--shard", "x"] },
        { Bad, "--shard", ["run", "breakpoint-cauchy", "--out", "OUT", "--shard", "-1/2"] },
        { Bad, "--scale must be", ["run", "breakpoint-cauchy", "--out", "OUT", "--scale", "huge"] },
        { Bad, "--backend must be", ["run", "breakpoint-cauchy", "--out", "OUT", "--backend", "tpu"] },
        { Bad, "--commit-seconds", ["run", "breakpoint-cauchy", "--out", "OUT", "--commit-seconds", "-1"] },
        { Bad, "--commit-seconds", ["run", "breakpoint-cauchy", "--out", "OUT", "--commit-seconds", "NaN"] },
        { Bad, "error:", ["run", "breakpoint-cauchy", "--out", "OUT", "--seed", "-1"] },
        { Bad, "error:", ["run", "breakpoint-cauchy", "--out", "OUT", "--seed", "99999999999999999999999"] },
        { Bad, "--data", ["run", "breakpoint-cauchy", "--out", "OUT", "--data", "OUT/no-such-data"] },
        { Bad, "--out must name a directory", ["run", "breakpoint-cauchy", "--out", "", "--figures", "FIG"] },
        { Bad, "--out must name a directory", ["run", "breakpoint-cauchy", "--out", "   ", "--figures", "FIG"] },
        { Bad, "--figures must name a directory", ["run", "breakpoint-cauchy", "--out", "OUT", "--figures", ""] },
        { Bad, "is a file", ["run", "breakpoint-cauchy", "--out", "FILE", "--figures", "FIG"] },
        { Bad, "is a file", ["run", "breakpoint-cauchy", "--out", "FILE/sub", "--figures", "FIG"] },
        { Bad, "is a file", ["run", "breakpoint-cauchy", "--out", "OUT", "--figures", "FILE"] },
        { Env, "not writable", ["run", "breakpoint-cauchy", "--out", "/sys/prunetheory-run", "--figures", "FIG"] },
        { Env, "not writable", ["run", "breakpoint-cauchy", "--out", "OUT", "--figures", "/sys/prunetheory-fig"] },
        { Env, "not writable", ["run", "breakpoint-cauchy", "--out", "/proc/self/prunetheory", "--figures", "FIG"] },
        { Bad, "no result store", ["resume", "OUT"] },
        { Bad, "no result store", ["figures", "OUT"] },
        { Bad, "no result store", ["resume", "FILE"] },
        { Bad, "error:", ["resume"] },
        { Bad, "--threads", ["resume", "OUT", "--threads", "0"] },
        { Bad, "--backend", ["resume", "OUT", "--backend", "quantum"] },
        { Bad, "no result store", ["merge", "OUT", "--out", "OUT/merged"] },
        { Bad, "error:", ["merge", "OUT"] },
        { Bad, "error:", ["merge", "--out", "OUT/merged"] },
        { Bad, "--repeats", ["bench", "--repeats", "0"] },
        { Bad, "--only", ["bench", "--peers", "--only", "nosuch"] },
        { Bad, "peer programs not found", ["bench", "--peers", "--peers-dir", "OUT"] },
        { Bad, "error:", ["restore", "--model", "FILE"] },
        { Bad, "error:", ["restore", "--model", "OUT/none.safetensors", "--ratio", "0.5", "--out", "OUT/o.safetensors"] },
        { Bad, "error:", ["restore", "--model", "FILE", "--ratio", "1.5", "--out", "OUT/o.safetensors"] },
        { Bad, "error:", ["restore", "--model", "FILE", "--ratio", "0.5", "--out", "FILE"] },
        { Bad, "error:", ["restore", "--model", "FILE", "--ratio", "0.5", "--out", "TMP"] },
        { Bad, "error:", ["restore", "--model", "FILE", "--ratio", "0.5", "--out", "OUT/x/o.safetensors"] },
        { Bad, "error:", ["prune", "--model", "FILE"] },
        { Bad, "prune:", ["prune", "--model", "OUT/none.safetensors", "--ratio", "0.5", "--calib", "FILE", "--out", "OUT/o.safetensors"] },
        { Bad, "prune:", ["prune", "--model", "FILE", "--ratio", "0.5", "--calib", "FILE", "--out", "FILE"] },
        { Bad, "prune:", ["prune", "--model", "FILE", "--ratio", "0.5", "--calib", "FILE", "--out", "TMP"] },
        { Bad, "prune:", ["prune", "--model", "FILE", "--ratio", "-0.5", "--calib", "FILE", "--out", "OUT/o.safetensors"] },
        { Bad, "--calib-count", ["prune", "--model", "FILE", "--ratio", "0.5", "--calib", "FILE", "--out", "TMP/o.safetensors", "--calib-count", "-5"] },
        { Bad, "--calib-count", ["prune", "--model", "FILE", "--ratio", "0.5", "--calib", "FILE", "--out", "TMP/o.safetensors", "--calib-count", "0"] },
        { Bad, "prune:", ["prune", "--model", "FILE", "--ratio", "0.5", "--calib", "OUT/none", "--out", "TMP/o.safetensors"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_gives_its_exit_code_one_line_and_writes_nothing(int code, string mentions, string[] args)
    {
        using var tmp = new TempDir();
        string file = tmp.File("a-file.txt");
        File.WriteAllText(file, "not a directory");
        var real = args.Select(a => a.Replace("OUT", tmp.Sub("out")).Replace("FIG", tmp.Sub("fig")).Replace("FILE", file).Replace("TMP", tmp.Path)).ToArray();
        var before = Cli.Snapshot(tmp.Path);
        Cli.Invoke(real).AssertFails(code, mentions);
        Assert.Equal(before, Cli.Snapshot(tmp.Path));
        Assert.False(Directory.Exists(tmp.Sub("out")));
        Assert.False(Directory.Exists(tmp.Sub("fig")));
    }
}
