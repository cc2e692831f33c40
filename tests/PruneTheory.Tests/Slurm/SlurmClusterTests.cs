using System.Text.RegularExpressions;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>
/// `proofs-sim slurm --submit` against a real one-node SLURM (.ci/slurm.sh): the merge job's store equals a
/// single-machine run byte for byte and it draws figures and summary; a cancelled array task, resubmitted
/// by index, resumes its shard store to the same rows.
/// </summary>
public class SlurmClusterTests
{
    private static readonly string[] Ids = ["breakpoint-cauchy", "rss-cover"];
    private static readonly string[] Sets = ["trials=30"];
    private const int Tasks = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8); // the 2 cores here are often shared

    private static readonly Lazy<Dictionary<string, IReadOnlyList<(int, string)>>> Reference = new(() =>
    {
        using var tmp = new TempDir();
        return SlurmTestKit.ReferenceRows(SlurmTestKit.Plans(Ids, Sets), tmp.Sub("reference"));
    });

    private static (string Run, string Merge) Submit(string dir)
    {
        var r = SlurmTestKit.ProofsSim(["slurm", .. Ids, "--tasks", Tasks.ToString(), .. Sets.SelectMany(s => new[] { "--set", s }), "--out", dir, "--submit"]);
        Assert.True(r.Code == 0, r.Output);
        return SlurmCluster.SubmittedIds(r.Output);
    }

    [SlurmFact]
    public void Merge_job_rows_equal_a_single_machine_run_and_it_draws_figures_and_summary()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("campaign");
        var (run, merge) = Submit(dir);
        Assert.Equal("COMPLETED", SlurmCluster.WaitFinished(merge, Patience));
        for (int i = 0; i < Tasks; i++) Assert.Equal("COMPLETED", SlurmCluster.State($"{run}_{i}"));

        SlurmTestKit.AssertSameRows(Reference.Value, SlurmTestKit.Rows(dir));
        string summary = File.ReadAllText(Path.Combine(dir, "summary.json"));
        foreach (var id in Ids)
        {
            Assert.Contains($"\"id\": \"{id}\"", summary);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "figures", id), "*.png"));
            // No shard holds all trials, so no shard drew this claim: the figures are the merge job's.
            for (int i = 0; i < Tasks; i++) Assert.False(Directory.Exists(Path.Combine(dir, "shards", i.ToString(), "figures", id)));
        }
        Assert.Equal(Ids.Length, Regex.Matches(summary, "\"completed\": 30,").Count);
        string logs = Path.Combine(dir, "slurm", "logs");
        Assert.Contains("summary: " + Path.Combine(dir, "summary.json"), File.ReadAllText(Path.Combine(logs, $"merge-{merge}.out")));
        for (int i = 0; i < Tasks; i++)
        {
            string log = File.ReadAllText(Path.Combine(logs, $"run-{run}_{i}.out"));
            Assert.Matches(@"rss-cover: \d+/10 trials, \d+ s elapsed, ETA", log);
            Assert.DoesNotContain('\u001b', log);
        }
    }

    [SlurmFact]
    public void Cancelled_task_resubmitted_by_index_resumes_to_identical_rows()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("campaign"), shard = Path.Combine(dir, "shards", "1"), slurm = Path.Combine(dir, "slurm");
        var (run, merge) = Submit(dir);
        // Cancel task 1 once it has committed its first block (breakpoint-cauchy's; rss-cover takes seconds more).
        var deadline = DateTime.UtcNow + Patience;
        while (SlurmTestKit.StoredRows(shard) == 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        SlurmCluster.Cancel($"{run}_1");
        Assert.Equal("CANCELLED", SlurmCluster.WaitFinished($"{run}_1", Patience));
        int kept = SlurmTestKit.StoredRows(shard);
        Assert.InRange(kept, 1, 19); // shard 1 owns 10 + 10 trials

        // The merge job can never start now; the other tasks finish normally.
        Assert.Equal("PENDING", SlurmCluster.State(merge));
        SlurmCluster.Cancel(merge);
        foreach (int i in new[] { 0, 2 }) Assert.Equal("COMPLETED", SlurmCluster.WaitFinished($"{run}_{i}", Patience));

        // The README's resume recipe: rerun index 1, merge after it.
        var rerun = SlurmTestKit.Exec("sbatch", ["--parsable", "--array=1", Path.Combine(slurm, "run.sbatch")]);
        Assert.True(rerun.Code == 0, rerun.Output);
        string rerunId = rerun.Output.Trim().Split(';')[0];
        var merge2 = SlurmTestKit.Exec("sbatch", ["--parsable", $"--dependency=afterok:{rerunId}", Path.Combine(slurm, "merge.sbatch")]);
        Assert.True(merge2.Code == 0, merge2.Output);
        Assert.Equal("COMPLETED", SlurmCluster.WaitFinished(merge2.Output.Trim().Split(';')[0], Patience));

        // The rerun ran only what the cancelled task had not committed.
        string rerunLog = File.ReadAllText(Path.Combine(slurm, "logs", $"run-{rerunId}_1.out"));
        int ranAgain = Regex.Matches(rerunLog, @"running (\d+) trial\(s\)").Sum(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(20 - kept, ranAgain);
        SlurmTestKit.AssertSameRows(Reference.Value, SlurmTestKit.Rows(dir));
    }
}
