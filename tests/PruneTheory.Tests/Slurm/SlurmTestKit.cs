using System.Diagnostics;
using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.ProofsSim.Cli;

namespace PruneTheory.Tests.Slurm;

/// <summary>What the SLURM tests share: the reference single-machine rows, store reads and child processes.</summary>
public static class SlurmTestKit
{
    /// <summary>The plans `run ids --set overrides` makes at the quick scale, seed 0.</summary>
    public static List<PlannedRun> Plans(string[] ids, string[] overrides) =>
        ids.Select(id => Commands.Registry.Get(id))
           .Select(c => PlannedRun.Create(c, SpecOverrides.Apply(c.Preset(Scale.Quick), overrides, c.Id), 0, Scale.Quick)).ToList();

    /// <summary>Every run's rows from one single-machine (unsharded) run into a fresh store.</summary>
    public static Dictionary<string, IReadOnlyList<(int, string)>> ReferenceRows(IReadOnlyList<PlannedRun> plans, string dir)
    {
        using var store = ResultStore.OpenOrCreate(dir);
        foreach (var plan in plans) TrialRunner.Execute(store, plan, new ExecutionOptions(2, Shard.Whole), ComputeBackend.Cpu);
        return plans.ToDictionary(p => p.Identity.Name, p => store.Trials(p.Identity.Name));
    }

    /// <summary>Same runs, and per run the same (trial, payload) rows: payload strings compared ordinally, byte for byte.</summary>
    public static void AssertSameRows(Dictionary<string, IReadOnlyList<(int, string)>> expected, Dictionary<string, IReadOnlyList<(int, string)>> actual)
    {
        Xunit.Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (run, rows) in expected)
        {
            Xunit.Assert.Equal(rows.Count, actual[run].Count);
            Xunit.Assert.True(rows.SequenceEqual(actual[run]), $"rows of {run} differ from the single-machine run");
        }
    }

    public static Dictionary<string, IReadOnlyList<(int, string)>> Rows(string dir)
    {
        using var store = ResultStore.OpenExisting(dir);
        return store.Runs().ToDictionary(r => r.Name, r => store.Trials(r.Name));
    }

    /// <summary>Rows committed so far in DIR/results.db, 0 while it does not exist or is being created.</summary>
    public static int StoredRows(string dir)
    {
        if (!File.Exists(Path.Combine(dir, ResultStore.FileName))) return 0;
        try
        {
            using var store = ResultStore.OpenExisting(dir);
            return store.Runs().Sum(r => store.CompletedTrials(r.Name).Count);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException) { return 0; }
    }

    /// <summary>Runs a program to its end; returns exit code and stdout + stderr.</summary>
    public static (int Code, string Output) Exec(string program, IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutSeconds = 300)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran past {timeoutSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>`proofs-sim ARGS` as a child process (the built dll, as the job scripts call it).</summary>
    public static (int Code, string Output) ProofsSim(params string[] args) =>
        Exec(SlurmSubmit.DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "proofs-sim.dll"), .. args]);
}
