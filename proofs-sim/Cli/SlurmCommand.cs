using System.CommandLine;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// `proofs-sim slurm`: writes an array job (task i runs shard i+1/K), a merge job and a README into
/// DIR/slurm, and with --submit submits both (merge after every task succeeded). Everything is
/// validated before anything is written.
/// </summary>
public static class SlurmCommand
{
    public static Command Build()
    {
        var claims = new Argument<string[]>("claims") { Description = "claim ids, or 'all'", Arity = ArgumentArity.OneOrMore };
        var scale = new Option<string>("--scale") { Description = "quick | paper", DefaultValueFactory = _ => "quick" };
        var seed = new Option<ulong>("--seed") { Description = "root seed of every random draw", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string>("--out") { Description = "campaign directory: slurm/ scripts, shards/i stores, the merged store, figures/", Required = true };
        var tasks = new Option<int>("--tasks") { Description = "array tasks K (shards)", Required = true };
        var partition = new Option<string?>("--partition") { Description = "sbatch --partition" };
        var time = new Option<string?>("--time") { Description = "sbatch --time per task, HH:MM:SS" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "sbatch --cpus-per-task, also the run's --threads", DefaultValueFactory = _ => 1 };
        var gres = new Option<string?>("--gres") { Description = "sbatch --gres of the run tasks, e.g. gpu:1" };
        var account = new Option<string?>("--account") { Description = "sbatch --account" };
        var data = new Option<string?>("--data") { Description = "data folder the tasks search first" };
        var set = new Option<string[]>("--set") { Description = "override a spec field, as for run: --set field=value", AllowMultipleArgumentsPerToken = false };
        var submit = new Option<bool>("--submit") { Description = "submit the array and the merge job with sbatch and print both job ids" };
        var cmd = new Command("slurm", "Write (and with --submit, submit) a SLURM array job running the claims in K shards, and a merge job.")
            { claims, scale, seed, outDir, tasks, partition, time, cpus, gres, account, data, set, submit };
        cmd.SetAction(parse =>
        {
            var sc = parse.GetValue(scale) switch
            {
                "quick" => Scale.Quick, "paper" => Scale.Paper,
                var other => throw new SpecException($"--scale must be quick or paper (got '{other}')"),
            };
            var ids = parse.GetValue(claims)!;
            var selected = ids.Contains("all") ? Commands.Registry.All.ToList() : ids.Distinct().Select(Commands.Registry.Get).ToList();
            var overrides = parse.GetValue(set) ?? [];
            ulong s = parse.GetValue(seed);
            var plans = selected.Select(c => PlannedRun.Create(c, SpecOverrides.Apply(c.Preset(sc), overrides, c.Id), s, sc)).ToList();
            var resources = SlurmResources.Parse(parse.GetValue(cpus), parse.GetValue(partition), parse.GetValue(time), parse.GetValue(gres), parse.GetValue(account));
            var campaign = SlurmCampaign.Create(plans, overrides, s, sc, parse.GetValue(tasks), parse.GetValue(outDir)!, parse.GetValue(data), resources);
            campaign.CheckOutDir();
            string? sbatch = null;
            if (parse.GetValue(submit))
                sbatch = SlurmSubmit.OnPath("sbatch") ?? throw new SpecException("--submit: sbatch is not on PATH (write the scripts without --submit and submit them on the cluster)");
            string dotnet = SlurmSubmit.DotnetHost(), dll = SlurmSubmit.CliDll();
            Write(campaign, dotnet, dll);
            if (sbatch is null) return ExitCodes.Ok;
            try
            {
                string run = SlurmSubmit.Submit(sbatch, Path.Combine(campaign.SlurmDir, SlurmScripts.RunScript));
                Console.WriteLine($"run job {run}: array 0-{campaign.Tasks - 1}, logs in {campaign.LogDir}");
                string merge = SlurmSubmit.Submit(sbatch, Path.Combine(campaign.SlurmDir, SlurmScripts.MergeScript), $"--dependency=afterok:{run}");
                Console.WriteLine($"merge job {merge}: after every task of {run} succeeded; results in {campaign.OutDir}");
                return ExitCodes.Ok;
            }
            catch (SubmitFailedException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return cmd;
    }

    /// <summary>Writes the identity, both scripts (executable) and the README; rewriting the same campaign is allowed.</summary>
    private static void Write(SlurmCampaign c, string dotnet, string dll)
    {
        Directory.CreateDirectory(c.LogDir);
        File.WriteAllText(Path.Combine(c.SlurmDir, SlurmCampaign.CampaignFile), c.IdentityJson() + "\n");
        foreach (var (name, text) in new[] { (SlurmScripts.RunScript, SlurmScripts.Run(c, dotnet, dll)), (SlurmScripts.MergeScript, SlurmScripts.Merge(c, dotnet, dll)) })
        {
            string path = Path.Combine(c.SlurmDir, name);
            File.WriteAllText(path, text);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        }
        File.WriteAllText(Path.Combine(c.SlurmDir, SlurmScripts.Readme), SlurmScripts.ReadmeText(c));
        Console.WriteLine($"wrote {Path.Combine(c.SlurmDir, SlurmScripts.RunScript)}, {SlurmScripts.MergeScript} and {SlurmScripts.Readme} ({c.Tasks} tasks, {c.Plans.Sum(p => p.TrialCount)} trials)");
    }
}
