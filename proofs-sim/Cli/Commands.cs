using System.CommandLine;
using PruneTheory.Experiments;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>The proofs-sim command tree: list, run, resume, merge, figures, bench (and the user tools).</summary>
public static class Commands
{
    public static readonly ClaimRegistry Registry = new(typeof(Commands).Assembly);

    public static RootCommand Build(CancellationToken cancellation)
    {
        var root = new RootCommand("PruneTheory proofs-sim: verify pruning theorems by simulation and exact computation.");
        root.Subcommands.Add(List());
        root.Subcommands.Add(Run(cancellation));
        root.Subcommands.Add(Resume(cancellation));
        root.Subcommands.Add(Merge());
        root.Subcommands.Add(Figures());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(SlurmCommand.Build());
        root.Subcommands.Add(DocsSync.Build());
        foreach (var tool in ToolCommands.Build()) root.Subcommands.Add(tool);
        return root;
    }

    private static Command List()
    {
        var cmd = new Command("list", "List the registered claims.");
        cmd.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("id").AddColumn("claim").AddColumn("quick trials");
            foreach (var c in Registry.All)
                table.AddRow(Markup.Escape(c.Id), Markup.Escape(c.Title), c.TrialCount(c.Preset(Scale.Quick)).ToString());
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Run(CancellationToken cancellation)
    {
        var claims = new Argument<string[]>("claims") { Description = "claim ids, or 'all'", Arity = ArgumentArity.OneOrMore };
        var scale = new Option<string>("--scale") { Description = "quick | paper", DefaultValueFactory = _ => "quick" };
        var seed = new Option<ulong>("--seed") { Description = "root seed of every random draw", DefaultValueFactory = _ => 0 };
        var threads = new Option<int?>("--threads") { Description = "worker threads (default: all cores)" };
        var shard = new Option<string>("--shard") { Description = "run part k of N of the trials, e.g. 1/4", DefaultValueFactory = _ => "1/1" };
        var outDir = new Option<string>("--out") { Description = "run directory (results.db, summary.json)", DefaultValueFactory = _ => "runs" };
        var figures = new Option<string?>("--figures") { Description = "figure directory (default: DIR/figures with --out DIR, else figures/)" };
        var backend = new Option<string>("--backend") { Description = "auto | cpu | cuda | ilgpu-cpu", DefaultValueFactory = _ => "auto" };
        var commit = new Option<double>("--commit-seconds") { Description = "commit finished trials at least this often (default 2 s)", DefaultValueFactory = _ => 2.0 };
        var data = new Option<string?>("--data") { Description = "data folder searched first (then $PRUNETHEORY_DATA, data/, /usr/share/datasets, ../shared/data)" };
        var set = new Option<string[]>("--set") { Description = "override a spec field: --set field=value (lists comma-separated; applies to every named claim)", AllowMultipleArgumentsPerToken = false };
        var cmd = new Command("run", "Run claims (resuming whatever the run directory already holds), then summarise and draw.")
            { claims, scale, seed, threads, shard, outDir, figures, backend, data, commit, set };
        cmd.SetAction(parse =>
        {
            // Everything is parsed and validated before anything is written.
            var sc = parse.GetValue(scale) switch
            {
                "quick" => Scale.Quick, "paper" => Scale.Paper,
                var s => throw new SpecException($"--scale must be quick or paper (got '{s}')"),
            };
            var ids = parse.GetValue(claims)!;
            var selected = ids.Contains("all") ? Registry.All.ToList() : ids.Distinct().Select(Registry.Get).ToList();
            var overrides = parse.GetValue(set) ?? [];
            var plans = selected.Select(c => PlannedRun.Create(c, SpecOverrides.Apply(c.Preset(sc), overrides, c.Id), parse.GetValue(seed), sc)).ToList();
            var settings = new RunSettings(parse.GetValue(outDir)!, FigureCommandOptions.RunFiguresDir(parse, figures, outDir), Shard.Parse(parse.GetValue(shard)!),
                RunSettings.ParseThreads(parse.GetValue(threads)), RunSettings.ParseBackend(parse.GetValue(backend)!))
            {
                CommitSeconds = parse.GetValue(commit) is var cs && cs > 0 && double.IsFinite(cs) ? cs
                    : throw new SpecException($"--commit-seconds must be a positive number (got {parse.GetValue(commit)})"),
            };
            OutputDirs.CheckWritable(settings.OutDir, "--out");
            OutputDirs.CheckWritable(settings.FiguresDir, "--figures");
            UseDataDir(parse.GetValue(data));
            return Session.Execute(plans, settings, cancellation);
        });
        return cmd;
    }

    /// <summary>--data DIR: the locator's environment variable, for every claim of this process.</summary>
    private static void UseDataDir(string? dir)
    {
        if (dir is null) return;
        if (!Directory.Exists(dir)) throw new SpecException($"--data {dir}: no such directory");
        Environment.SetEnvironmentVariable(PruneTheory.Data.DataLocator.EnvironmentVariable, Path.GetFullPath(dir));
    }

    private static Command Resume(CancellationToken cancellation)
    {
        var dir = new Argument<string>("dir") { Description = "run directory holding results.db" };
        var threads = new Option<int?>("--threads") { Description = "worker threads (default: all cores)" };
        var backend = new Option<string>("--backend") { DefaultValueFactory = _ => "auto", Description = "auto | cpu | cuda | ilgpu-cpu" };
        var cmd = new Command("resume", "Finish the interrupted runs of a directory (same shard), then summarise.") { dir, threads, backend };
        cmd.SetAction(parse =>
        {
            string d = parse.GetValue(dir)!;
            int t = RunSettings.ParseThreads(parse.GetValue(threads));
            var kind = RunSettings.ParseBackend(parse.GetValue(backend)!);
            RunSettings settings;
            List<PlannedRun> plans;
            using (var store = ResultStore.OpenReadOnly(d))
            {
                settings = RunSettings.Load(store, d, t, kind);
                var notes = new List<string>();
                plans = PlannedRun.FromStore(store, Registry, notes.Add);
                if (plans.Count == 0) throw Session.NoRuns(d, "continue", notes);
                foreach (var n in notes) Console.Error.WriteLine(ErrorPath.OneLine(n));
            }
            OutputDirs.CheckWritable(d, "resume");
            OutputDirs.CheckWritable(settings.FiguresDir, "the run's figure directory");
            return Session.Execute(plans, settings, cancellation);
        });
        return cmd;
    }

    private static Command Merge() => MergeCommand.Build();

    private static Command Figures()
    {
        var dir = new Argument<string>("dir") { Description = "run directory", DefaultValueFactory = _ => "runs" };
        var figures = new Option<string?>("--figures") { Description = "figure directory (default: the one the run used)" };
        var cmd = new Command("figures", "Redraw every figure and verdict of a run directory from stored results, without re-running.") { dir, figures };
        var size = new FigureCommandOptions();
        size.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            string d = parse.GetValue(dir)!;
            var options = size.Parse(parse);
            string figuresDir;
            using (var store = ResultStore.OpenReadOnly(d))
                figuresDir = parse.GetValue(figures) ?? store.GetSetting("figures_dir") ?? "figures";
            OutputDirs.CheckWritable(d, "figures DIR");
            OutputDirs.CheckWritable(figuresDir, "--figures");
            return Session.Summarize(d, figuresDir, focus: null, options);
        });
        return cmd;
    }
}
