using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>Executes planned runs into a store, then summarises them: shared by `run` and `resume`.</summary>
public static class Session
{
    public static int Execute(IReadOnlyList<PlannedRun> plans, RunSettings settings, CancellationToken cancellation)
    {
        try { return ExecuteUnchecked(plans, settings, cancellation); }
        catch (StaleRunException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static int ExecuteUnchecked(IReadOnlyList<PlannedRun> plans, RunSettings settings, CancellationToken cancellation)
    {
        using var backend = ComputeBackend.Create(settings.Backend);
        using var store = ResultStore.OpenOrCreate(settings.OutDir);
        settings.Save(store);
        foreach (var plan in plans) store.Register(plan.ToStored());
        AnsiConsole.MarkupLine($"[grey]backend {Markup.Escape(backend.ToString())}, {settings.Threads} thread(s), shard {settings.Shard}, store {Markup.Escape(store.Path)}[/]");
        var options = new ExecutionOptions(settings.Threads, settings.Shard, CommitSeconds: settings.CommitSeconds);
        int Remaining(PlannedRun p)
        {
            var done = store.CompletedTrials(p.Identity.Name);
            return Enumerable.Range(0, p.TrialCount).Count(i => settings.Shard.Owns(i) && !done.Contains(i));
        }
        try
        {
            ProgressReporter.Run(plans, (plan, tick) => TrialRunner.Execute(store, plan, options, backend, tick, cancellation), Remaining);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"interrupted: completed trials are stored; continue with `proofs-sim resume {settings.OutDir}`");
            return ExitCodes.Interrupted;
        }
        catch (TrialFailedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        return Summarize(store, plans, settings.OutDir, settings.FiguresDir);
    }

    public static int Summarize(ResultStore store, IReadOnlyList<PlannedRun> plans, string outDir, string figuresDir, PruneTheory.Figures.FigureOptions? figureOptions = null)
    {
        var reports = plans.Select(p => RunSummarizer.Summarize(store, p, figuresDir, figureOptions)).ToList();
        RunSummarizer.WriteSummary(outDir, reports);
        ContactSheet.Write(figuresDir, reports);
        VerdictTable.Show(reports);
        Console.WriteLine($"summary: {Path.Combine(outDir, RunSummarizer.SummaryFile)}; figures: {figuresDir}");
        return reports.Any(r => r.Error is not null) ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
