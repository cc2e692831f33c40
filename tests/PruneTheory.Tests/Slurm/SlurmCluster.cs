using System.Text.RegularExpressions;
using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>
/// A fact that needs a live SLURM (started by .ci/run through .ci/slurm.sh). Skipped with a one-line
/// reason where there is none, except when PRUNETHEORY_REQUIRE_SLURM=1 (CI): then it runs and fails.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable() is { } reason) Skip = reason;
    }
}

/// <summary>The cluster as the tests see it: sbatch, scontrol and scancel.</summary>
public static partial class SlurmCluster
{
    private static readonly Lazy<string?> Reason = new(Probe);

    public static string? Unavailable() => Reason.Value;

    private static string? Probe()
    {
        if (Environment.GetEnvironmentVariable("PRUNETHEORY_REQUIRE_SLURM") == "1") return null;
        if (SlurmSubmit.OnPath("sbatch") is null)
            return "no SLURM here (sbatch not on PATH); `source .ci/slurm.sh && slurm_start` starts a one-node cluster";
        try
        {
            var (code, _) = SlurmTestKit.Exec("sinfo", ["-h"], timeoutSeconds: 20);
            return code == 0 ? null : "sbatch is installed but no SLURM controller answers sinfo; `source .ci/slurm.sh && slurm_start`";
        }
        catch (TimeoutException) { return "sinfo timed out: no SLURM controller answers"; }
    }

    /// <summary>The JobState of a job or array task ("123", "123_1"); "GONE" when the controller no longer knows it.</summary>
    public static string State(string job)
    {
        var (code, output) = SlurmTestKit.Exec("scontrol", ["show", "job", "-o", job], timeoutSeconds: 30);
        if (code != 0) return "GONE";
        var m = JobState().Match(output);
        return m.Success ? m.Groups[1].Value : "UNKNOWN";
    }

    /// <summary>Waits until the job leaves PENDING/RUNNING/COMPLETING and returns its final state.</summary>
    public static string WaitFinished(string job, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string s = State(job);
            if (s is not ("PENDING" or "RUNNING" or "COMPLETING" or "CONFIGURING" or "UNKNOWN")) return s;
            Thread.Sleep(500);
        }
        throw new TimeoutException($"SLURM job {job} still {State(job)} after {timeout.TotalSeconds} s");
    }

    public static void Cancel(string job) => SlurmTestKit.Exec("scancel", [job], timeoutSeconds: 30);

    /// <summary>The job ids `slurm --submit` printed: "run job N: ..." and "merge job M: ...".</summary>
    public static (string Run, string Merge) SubmittedIds(string output)
    {
        var run = RunJob().Match(output);
        var merge = MergeJob().Match(output);
        Assert.True(run.Success && merge.Success, $"no job ids in: {output}");
        return (run.Groups[1].Value, merge.Groups[1].Value);
    }

    [GeneratedRegex(@"JobState=(\w+)")] private static partial Regex JobState();
    [GeneratedRegex(@"^run job (\d+):", RegexOptions.Multiline)] private static partial Regex RunJob();
    [GeneratedRegex(@"^merge job (\d+):", RegexOptions.Multiline)] private static partial Regex MergeJob();
}
