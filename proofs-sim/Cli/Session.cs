using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// Executes planned runs into a store, then summarises the whole store: shared by `run` and `resume`. Each run is
/// locked for the duration (a second writer is told who holds it); summary.json is rebuilt from the store under
/// its own lock, so claims run into one directory by several processes all appear in it.
/// </summary>
public static class Session
{
    public static int Execute(IReadOnlyList<PlannedRun> plans, RunSettings settings, CancellationToken cancellation)
    {
        if (plans.Count == 0) throw NoRuns(settings.OutDir, "continue", []);
        ComputeBackend backend;
        try { backend = ComputeBackend.Create(settings.Backend); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException or TypeInitializationException)
        { throw new EnvironmentFaultException(e.Message.Split('\n')[0], e); }
        using var _ = backend;
        string storePath;
        try { Directory.CreateDirectory(settings.OutDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StoreFaults.Classify(e, settings.OutDir); }
        // A damaged store is refused before anything (a lock file included) is written next to it.
        if (File.Exists(Path.Combine(settings.OutDir, ResultStore.FileName)))
            using (var existing = ResultStore.OpenReadOnly(settings.OutDir)) StoreCheck.BeforeWriting(existing, plans, Commands.Registry);
        using (RunLock.Acquire(settings.OutDir, plans.Select(p => p.Identity.Name)))
        {
            using (var store = ResultStore.OpenOrCreate(settings.OutDir))
            {
                storePath = store.Path;
                settings.Save(store);
                store.SetSetting("backend", backend.ToString());
                foreach (var plan in plans) store.Register(plan.ToStored());
                AnsiConsole.MarkupLine($"[grey]backend {Markup.Escape(backend.ToString())}, {settings.Threads} thread(s), shard {settings.Shard}, store {Markup.Escape(store.Path)}[/]");
                var options = new ExecutionOptions(settings.Threads, settings.Shard, CommitSeconds: settings.CommitSeconds);
                int Remaining(PlannedRun p) => store.MissingTrials(p.ToStored(), settings.Shard.Owns).Count;
                try
                {
                    ProgressReporter.Run(plans, (plan, tick) => TrialRunner.Execute(store, plan, options, backend, tick, cancellation), Remaining);
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine($"interrupted: completed trials are stored; continue with `proofs-sim resume {settings.OutDir}`");
                    return ExitCodes.Interrupted;
                }
            }
            // The rows are read back from the file by name: a store deleted or replaced mid-run is noticed here.
            if (!File.Exists(storePath))
                throw new StoreException($"{storePath} disappeared while the run was writing it (deleted or moved): the trials computed since are lost; run again");
            using (var check = ResultStore.OpenReadOnly(settings.OutDir))
                foreach (var plan in plans)
                    if (check.GetRun(plan.Identity.Name) is not { } stored || check.MissingTrials(stored, settings.Shard.Owns) is { Count: > 0 } lost)
                        throw new StoreException($"{storePath} lacks trials of {plan.Identity.Name} that this run computed " +
                            "(the file was replaced mid-run?): run again");
        }
        return Summarize(settings.OutDir, settings.FiguresDir, plans.Select(p => p.Identity.Name).ToHashSet());
    }

    /// <summary>A store with nothing to read is an error, never an empty success; the reason of the first skipped run is kept.</summary>
    public static StoreException NoRuns(string where, string verb, IReadOnlyList<string> skipped) =>
        new($"{where} holds no run this version of the suite can {verb}" + (skipped.Count > 0 ? $" ({skipped[0]})" : ""));

    /// <summary>Rebuilds summary.json from every run of the directory's store (read-only), drawing the figures of <paramref name="focus"/> (all when null).</summary>
    public static int Summarize(string outDir, string figuresDir, IReadOnlySet<string>? focus, PruneTheory.Figures.FigureOptions? figureOptions = null)
    {
        List<ClaimReport> reports;
        using (RunLock.AcquireWaiting(outDir, "summary", TimeSpan.FromMinutes(2)))
        {
            string? backend;
            using (var store = ResultStore.OpenReadOnly(outDir))
            {
                backend = store.GetSetting("backend");
                var notes = new List<string>();
                reports = RunSummarizer.Rebuild(store, Commands.Registry, figuresDir, focus, notes.Add, figureOptions);
                if (reports.Count == 0) throw NoRuns(store.Path, "summarise", notes);
                foreach (var n in notes) Console.Error.WriteLine(ErrorPath.OneLine(n));
            }
            RunSummarizer.WriteSummary(outDir, reports, backend);
            ContactSheet.Write(figuresDir, reports);
        }
        VerdictTable.Show(reports);
        Console.WriteLine($"summary: {Path.Combine(outDir, RunSummarizer.SummaryFile)}; figures: {figuresDir}");
        var failed = reports.Where(r => r.Error is not null).ToList();
        if (failed.Count == 0) return ExitCodes.Ok;
        Console.Error.WriteLine(ErrorPath.OneLine($"error: {string.Join("; ", failed.Select(r => $"{r.ClaimId}: {r.Error}"))}"));
        return ExitCodes.Failed;
    }
}
