using System.Diagnostics;
using PruneTheory.Experiments;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// Live progress with ETA: a Spectre progress bar per claim on a terminal; otherwise (CI and SLURM
/// logs) plain lines: a start line, one per committed block at most every 10 s (<see cref="LogProgress"/>)
/// and an end line per claim, so long runs always show where they are.
/// </summary>
public static class ProgressReporter
{
    /// <summary>When stdout is not a terminal (a SLURM or CI log), no ANSI codes whatever TERM claims.</summary>
    public static void PlainWhenRedirected()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Capabilities.Ansi = false;
    }

    public static void Run(IReadOnlyList<PlannedRun> plans, Func<PlannedRun, Action<int>, int> runOne, Func<PlannedRun, int> remaining)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                         new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var tasks = plans.Select(p => ctx.AddTask(p.Claim.Id, autoStart: false, maxValue: Math.Max(1, remaining(p)))).ToList();
                    for (int i = 0; i < plans.Count; i++)
                    {
                        tasks[i].StartTask();
                        var task = tasks[i];
                        runOne(plans[i], n => task.Increment(n));
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
            return;
        }
        foreach (var plan in plans)
        {
            int todo = remaining(plan);
            var sw = Stopwatch.StartNew();
            Console.WriteLine($"{plan.Claim.Id}: running {todo} trial(s) [{plan.Identity.Name}]");
            var log = new LogProgress(plan.Claim.Id, todo, Console.Out);
            int ran = runOne(plan, log.Committed);
            Console.WriteLine($"{plan.Claim.Id}: {ran} trial(s) done in {sw.Elapsed.TotalSeconds:F1} s");
        }
    }
}
