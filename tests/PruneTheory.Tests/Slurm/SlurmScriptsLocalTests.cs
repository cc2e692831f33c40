using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>
/// The written job scripts run by bash as SLURM would run them (SLURM_ARRAY_TASK_ID = 0..K-1, then the
/// merge), no cluster needed: the merged rows equal a single-machine run, and an incomplete merge fails.
/// </summary>
public class SlurmScriptsLocalTests
{
    private static readonly string[] Ids = ["breakpoint-cauchy"];
    private static readonly string[] Sets = ["trials=7", "samplesPerTrial=20000"];

    [Fact]
    public void Array_tasks_then_merge_equal_a_single_machine_run()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("campaign");
        var write = SlurmTestKit.ProofsSim(["slurm", .. Ids, "--tasks", "3", .. Sets.SelectMany(s => new[] { "--set", s }), "--out", dir]);
        Assert.True(write.Code == 0, write.Output);
        string slurm = Path.Combine(dir, "slurm");

        // Merging before shard 2 ran fails and draws nothing.
        for (int i = 0; i < 2; i++) RunTask(slurm, i);
        var early = SlurmTestKit.Exec("bash", [Path.Combine(slurm, "merge.sbatch")]);
        Assert.NotEqual(0, early.Code);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));

        RunTask(slurm, 2);
        var merge = SlurmTestKit.Exec("bash", [Path.Combine(slurm, "merge.sbatch")]);
        Assert.True(merge.Code == 0, merge.Output);
        Assert.DoesNotContain('\u001b', merge.Output);

        var expected = SlurmTestKit.ReferenceRows(SlurmTestKit.Plans(Ids, Sets), tmp.Sub("reference"));
        SlurmTestKit.AssertSameRows(expected, SlurmTestKit.Rows(dir));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        Assert.True(File.Exists(Path.Combine(dir, "figures", "breakpoint-cauchy", "breakpoint-cauchy.png")));
    }

    private static void RunTask(string slurm, int index)
    {
        var r = SlurmTestKit.Exec("bash", [Path.Combine(slurm, "run.sbatch")], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = index.ToString() });
        Assert.True(r.Code == 0, r.Output);
        Assert.Contains($"shard {index + 1}/3", r.Output);
    }
}
