using System.Diagnostics;
using System.Text.Json.Nodes;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// Writers that meet: a held run lock (second writer told who holds it), a reader beside a live writer, the store
/// deleted mid-run, two claims run into one directory at once, parallel `figures`. Every case ends with the rows of
/// an undisturbed run.
/// </summary>
[Collection("console")]
public class ConcurrencyTests
{
    private const int Trials = 400, Samples = 50000;
    private static readonly string[] Live = ["--set", $"trials={Trials}", "--set", $"samplesPerTrial={Samples}", "--threads", "1", "--commit-seconds", "0.2"];
    private static readonly Lazy<IReadOnlyList<(int, string)>> LiveReference = new(() =>
    {
        using var tmp = new TempDir();
        return Cli.ReferenceRows(tmp.Path, trials: Trials, samples: Samples);
    });
    private static string LiveRun => Cli.TinyPlan(trials: Trials, samples: Samples).Identity.Name;

    [Fact]
    public void A_held_run_lock_makes_a_second_writer_name_the_holder_then_the_run_goes_through()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        using (RunLock.Acquire(dir, [Cli.TinyPlan().Identity.Name]))
        {
            var r = Cli.Invoke(Cli.RunTiny(dir, tmp.Sub("fig")));
            r.AssertFails(ExitCodes.StoreDamaged, $"pid {Environment.ProcessId}");
            Assert.False(File.Exists(Path.Combine(dir, ResultStore.FileName)));
        }
        Assert.Equal(0, Cli.Invoke(Cli.RunTiny(dir, tmp.Sub("fig"))).Code);
        Assert.Equal(Cli.ReferenceRows(tmp.Sub("ref")), Cli.Rows(dir, Cli.TinyPlan().Identity.Name));
    }

    [Fact]
    public void Resume_while_a_run_is_live_is_refused_a_reader_is_not_and_rows_end_identical()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("live");
        using var p = Cli.Start(["run", "breakpoint-cauchy", "--out", dir, "--figures", tmp.Sub("fig"), .. Live]);
        WaitForRows(dir, p);
        bool live = !p.HasExited;
        var resume = Cli.Invoke("resume", dir, "--threads", "1");
        var figures = Cli.Invoke("figures", dir, "--figures", tmp.Sub("fig2"));
        Assert.True(live && !p.HasExited, "the run finished before the second writer came (too fast a machine for this test)");
        resume.AssertFails(ExitCodes.StoreDamaged, $"pid {p.Id}");
        Assert.Equal(0, figures.Code); // a reader beside the writer: read-only, no lock needed
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        Assert.Equal(0, Cli.Invoke("resume", dir, "--threads", "2").Code);
        Assert.Equal(LiveReference.Value, Cli.Rows(dir, LiveRun));
    }

    [Fact]
    public async Task A_store_deleted_mid_run_is_an_error_not_a_success_and_a_rerun_recovers()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("deleted");
        using var p = Cli.Start(["run", "breakpoint-cauchy", "--out", dir, "--figures", tmp.Sub("fig"), .. Live]);
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        WaitForRows(dir, p, readStreams: false);
        Assert.False(p.HasExited, "the run finished before the store could be deleted");
        File.Delete(Path.Combine(dir, ResultStore.FileName));
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)));
        Assert.Equal(ExitCodes.StoreDamaged, p.ExitCode);
        string error = await stderr;
        Cli.AssertOneLine(error);
        Assert.Contains("disappeared", error);
        Assert.Equal(0, Cli.Invoke(["run", "breakpoint-cauchy", "--out", dir, "--figures", tmp.Sub("fig"), .. Live]).Code);
        Assert.Equal(LiveReference.Value, Cli.Rows(dir, LiveRun));
    }

    [Fact]
    public async Task Two_claims_run_at_once_into_one_directory_both_appear_in_the_summary()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("shared"), fig = tmp.Sub("fig");
        using var a = Cli.Start(Cli.RunTiny(dir, fig));
        using var b = Cli.Start(["run", "rss-cover", "--out", dir, "--figures", fig, "--threads", "1", "--set", "trials=3", "--set", "longTrials=1",
            "--set", "coverMax=14", "--set", "coverShortMax=12", "--set", "singleMax=14", "--set", "epsilons=0.1,0.03,0.01,0.003"]);
        foreach (var p in new[] { a, b })
        {
            _ = p.StandardOutput.ReadToEndAsync();
            var err = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)));
            Assert.True(p.ExitCode == 0, await err);
        }
        var ids = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["claims"]!.AsArray().Select(c => (string)c!["id"]!).Order().ToArray();
        Assert.Equal(["breakpoint-cauchy", "rss-cover"], ids);
        Assert.Equal(Cli.ReferenceRows(tmp.Sub("ref")), Cli.Rows(dir, Cli.TinyPlan().Identity.Name));
    }

    [Fact]
    public async Task Parallel_figures_calls_all_succeed_and_leave_no_temporary_files()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Assert.Equal(0, Cli.Invoke(Cli.RunTiny(dir, tmp.Sub("fig"))).Code);
        var procs = Enumerable.Range(0, 6).Select(i => Cli.Start("figures", dir, "--figures", tmp.Sub($"fig{i}"))).ToList();
        foreach (var p in procs)
        {
            _ = p.StandardOutput.ReadToEndAsync();
            var err = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)));
            Assert.True(p.ExitCode == 0, await err);
            p.Dispose();
        }
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["claims"]![0]);
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    private static void WaitForRows(string dir, Process p, bool readStreams = true)
    {
        if (readStreams)
        {
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }
        var sw = Stopwatch.StartNew();
        while (Cli.StoredRows(dir) == 0 && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(20);
    }
}
