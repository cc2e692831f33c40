using System.Diagnostics;
using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.ProofsSim.Claims.Foundation;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Cli;

/// <summary>A real proofs-sim process killed (SIGKILL) mid-run, then resumed, stores the same rows as an uninterrupted run.</summary>
public class KillResumeTests
{
    [Fact]
    public void Killed_process_resumes_to_identical_rows()
    {
        using var tmp = new TempDir();
        string exe = Path.Combine(AppContext.BaseDirectory, "proofs-sim.dll");
        string dir = tmp.Sub("killed");
        string[] args = ["run", "breakpoint-cauchy", "--threads", "1", "--out", dir, "--figures", tmp.Sub("fig"),
            "--set", "trials=1000", "--set", "samplesPerTrial=100000", "--commit-seconds", "0.2"];
        using (var p = Start(exe, args))
        {
            // Wait for the first committed block (every 0.2 s here), then kill without warning.
            var sw = Stopwatch.StartNew();
            while (StoredRows(dir) == 0 && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        int before = StoredRows(dir);
        Assert.InRange(before, 1, 999);

        using (var p = Start(exe, ["resume", dir, "--threads", "2"])) { p.WaitForExit(); Assert.Equal(0, p.ExitCode); }

        var spec = new BreakpointCauchySpec { Trials = 1000, SamplesPerTrial = 100000 };
        var plan = PlannedRun.Create(new BreakpointCauchyClaim(), spec, 0, Scale.Quick);
        using var reference = ResultStore.OpenOrCreate(tmp.Sub("reference"));
        TrialRunner.Execute(reference, plan, new ExecutionOptions(2, Shard.Whole), ComputeBackend.Cpu);
        using var resumed = ResultStore.OpenExisting(dir);
        Assert.Equal(reference.Trials(plan.Identity.Name), resumed.Trials(plan.Identity.Name));
    }

    private static Process Start(string exe, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(exe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int StoredRows(string dir)
    {
        if (!File.Exists(Path.Combine(dir, ResultStore.FileName))) return 0;
        try
        {
            using var store = ResultStore.OpenExisting(dir);
            return store.Runs().Sum(r => store.CompletedTrials(r.Name).Count);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or StoreException) { return 0; }
    }
}
