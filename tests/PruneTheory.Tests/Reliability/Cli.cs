using System.Diagnostics;
using System.Security.Cryptography;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>What one proofs-sim invocation gave: exit code, stderr and stdout.</summary>
public sealed record CliResult(int Code, string Error, string Output)
{
    /// <summary>The failure contract: the documented exit code, exactly one line on stderr, no stack trace.</summary>
    public void AssertFails(int expected, string? mentions = null)
    {
        Assert.True(Code == expected, $"exit {Code}, expected {expected}; stderr: {Error}");
        Cli.AssertOneLine(Error);
        if (mentions is not null) Assert.Contains(mentions, Error, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Runs proofs-sim in-process (or as a process) and checks the error contract; small cheap runs for the fault cases.</summary>
public static class Cli
{
    private static readonly object Gate = new();

    public static CliResult Invoke(params string[] args)
    {
        lock (Gate)
        {
            var err = new StringWriter();
            var oldErr = Console.Error;
            Console.SetError(err);
            try { return new CliResult(ProofsSimMain.Run(args, CancellationToken.None), err.ToString(), ""); }
            finally { Console.SetError(oldErr); }
        }
    }

    public static void AssertOneLine(string stderr)
    {
        var lines = stderr.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1 && lines[0].Trim().Length > 0, $"expected one line on stderr, got {lines.Length}: {stderr}");
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.DoesNotContain("internal error", stderr);
    }

    /// <summary>A tiny breakpoint-cauchy run: 4 trials of 2,000 samples (a fraction of a second).</summary>
    public static readonly string[] Tiny = ["--set", "trials=4", "--set", "samplesPerTrial=2000", "--threads", "1"];

    public static string[] RunTiny(string outDir, string figures, params string[] extra) =>
        ["run", "breakpoint-cauchy", "--out", outDir, "--figures", figures, .. Tiny, .. extra];

    /// <summary>The rows of an undisturbed tiny run, computed by the library (the reference every recovery must reach).</summary>
    public static IReadOnlyList<(int, string)> ReferenceRows(string dir, ulong seed = 0, int trials = 4, long samples = 2000)
    {
        var plan = TinyPlan(seed, trials, samples);
        using (var store = ResultStore.OpenOrCreate(dir))
            TrialRunner.Execute(store, plan, new ExecutionOptions(1, Shard.Whole), PruneTheory.Gpu.ComputeBackend.Cpu);
        using var read = ResultStore.OpenReadOnly(dir);
        return read.Trials(plan.Identity.Name);
    }

    public static PlannedRun TinyPlan(ulong seed = 0, int trials = 4, long samples = 2000) =>
        PlannedRun.Create(new PruneTheory.ProofsSim.Claims.Foundation.BreakpointCauchyClaim(),
            new PruneTheory.ProofsSim.Claims.Foundation.BreakpointCauchySpec { Trials = trials, SamplesPerTrial = samples }, seed, Scale.Quick);

    public static IReadOnlyList<(int, string)> Rows(string dir, string run)
    {
        using var store = ResultStore.OpenReadOnly(dir);
        return store.Trials(run);
    }

    /// <summary>
    /// Every file under <paramref name="dir"/> with its SHA-256: "nothing written" and "left as it was" compare these.
    /// Not content, so left out: lock files under .locks/, SQLite's shared-memory index (-shm) and an empty -wal.
    /// </summary>
    public static Dictionary<string, string> Snapshot(string dir) =>
        !Directory.Exists(dir) ? [] : Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).Split('/').Contains(RunLock.Folder) && !f.EndsWith("-shm", StringComparison.Ordinal)
                && !(f.EndsWith("-wal", StringComparison.Ordinal) && new FileInfo(f).Length == 0))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "proofs-sim.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Runs a proofs-sim process to its end (bounded), returning what it gave.</summary>
    public static CliResult RunProcess(TimeSpan limit, params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit)) { p.Kill(true); throw new TimeoutException($"proofs-sim {string.Join(' ', args)} ran past {limit}"); }
        p.WaitForExit();
        return new CliResult(p.ExitCode, stderr.Result, stdout.Result);
    }

    public static int StoredRows(string dir)
    {
        if (!File.Exists(Path.Combine(dir, ResultStore.FileName))) return 0;
        try
        {
            using var store = ResultStore.OpenReadOnly(dir);
            return store.Runs().Sum(r => store.CompletedTrials(r.Name).Count);
        }
        catch (Exception e) when (e is StoreException or EnvironmentFaultException or Microsoft.Data.Sqlite.SqliteException) { return 0; }
    }
}
