using System.Text;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// The text of DIR/slurm/run.sbatch (array task i runs shard i+1/K into DIR/shards/i), merge.sbatch
/// (merges the shards into DIR, checks that every trial is there, draws figures and summary) and README.
/// Every path is absolute and the CLI is the built proofs-sim dll run by an absolute dotnet, so the
/// scripts work on a node whatever its working directory and PATH.
/// </summary>
public static class SlurmScripts
{
    public const string RunScript = "run.sbatch", MergeScript = "merge.sbatch", Readme = "README";

    /// <summary>A word for bash: single-quoted, with embedded quotes escaped.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public static string Run(SlurmCampaign c, string dotnet, string dll)
    {
        var sb = Header(c, "run", $"{c.LogDir}/run-%A_%a.out", $"#SBATCH --array=0-{c.Tasks - 1}");
        sb.AppendLine("i=${SLURM_ARRAY_TASK_ID:?run this script with sbatch (an array job)}");
        sb.AppendLine($"shard={Quote(Path.Combine(c.OutDir, "shards"))}/$i");
        sb.AppendLine("# `run` resumes whatever the shard store holds: rerunning an index continues it.");
        List<string> args = ["run", .. c.Plans.Select(p => p.Claim.Id), "--scale", c.ScaleName, "--seed", c.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var o in c.Overrides) args.AddRange(["--set", o]);
        if (c.DataDir is not null) args.AddRange(["--data", c.DataDir]);
        sb.Append($"exec {Quote(dotnet)} {Quote(dll)} {string.Join(' ', args.Select(Quote))}");
        sb.AppendLine($" --shard \"$((i + 1))/{c.Tasks}\" --out \"$shard\" --figures \"$shard/figures\" --threads \"${{SLURM_CPUS_PER_TASK:-{c.Resources.CpusPerTask}}}\"");
        return sb.ToString();
    }

    public static string Merge(SlurmCampaign c, string dotnet, string dll)
    {
        var sb = Header(c, "merge", $"{c.LogDir}/merge-%j.out");
        string shards = string.Join(' ', Enumerable.Range(0, c.Tasks).Select(i => Quote(c.ShardDir(i))));
        string cli = $"{Quote(dotnet)} {Quote(dll)}";
        sb.AppendLine($"{cli} merge {shards} --out {Quote(c.OutDir)} | tee {Quote(Path.Combine(c.SlurmDir, "merge.log"))}");
        sb.AppendLine("# merge prints 'run: done/total trials' per run: refuse to draw from an incomplete campaign.");
        sb.AppendLine($"awk '{{ split($2, n, \"/\"); if (n[1] != n[2]) {{ print \"incomplete: \" $0; bad = 1 }} }} END {{ exit bad }}' {Quote(Path.Combine(c.SlurmDir, "merge.log"))} \\");
        sb.AppendLine("  || { echo 'rerun the failed array indices (see README), then this merge'; exit 1; }");
        sb.AppendLine($"exec {cli} figures {Quote(c.OutDir)} --figures {Quote(c.FiguresDir)}");
        return sb.ToString();
    }

    /// <summary>The #SBATCH lines (sbatch reads them only before the first command), then the shell settings.</summary>
    private static StringBuilder Header(SlurmCampaign c, string step, string output, string? extra = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("#!/usr/bin/env bash");
        sb.AppendLine($"# Written by `proofs-sim slurm`: {step} step of {string.Join(", ", c.Plans.Select(p => p.Identity.Name))}.");
        sb.AppendLine($"#SBATCH --job-name=proofs-sim-{step}");
        sb.AppendLine($"#SBATCH --output={output}");
        sb.AppendLine($"#SBATCH --chdir={c.OutDir}");
        sb.AppendLine($"#SBATCH --cpus-per-task={c.Resources.CpusPerTask}");
        if (c.Resources.Partition is { } p) sb.AppendLine($"#SBATCH --partition={p}");
        if (c.Resources.Time is { } t) sb.AppendLine($"#SBATCH --time={t}");
        // The merge step draws figures on the CPU: it needs no GPU.
        if (c.Resources.Gres is { } g && step == "run") sb.AppendLine($"#SBATCH --gres={g}");
        if (c.Resources.Account is { } a) sb.AppendLine($"#SBATCH --account={a}");
        if (extra is not null) sb.AppendLine(extra);
        sb.AppendLine("set -euo pipefail");
        // Log lines, not a terminal progress bar, and no colour codes in the job log.
        sb.AppendLine("export TERM=dumb NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1");
        return sb;
    }

    public static string ReadmeText(SlurmCampaign c)
    {
        string dir = c.SlurmDir, last = (c.Tasks - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trials = string.Join("\n", c.Plans.Select(p => $"  {p.Identity.Name}: {p.TrialCount} trials"));
        return $"""
            proofs-sim SLURM campaign ({c.ScaleName} scale, seed {c.Seed}, {c.Tasks} array tasks)
            {trials}

            Submit (what `proofs-sim slurm ... --submit` does):
              run=$(sbatch --parsable {dir}/{RunScript})
              sbatch --dependency=afterok:$run {dir}/{MergeScript}

            Watch:
              squeue -u $USER                     # pending and running tasks
              tail -f {dir}/logs/run-<job>_<i>.out   # one line per committed block: trials done/total, elapsed, ETA
              sacct -j <job> --format=JobID,State,Elapsed   # where accounting is enabled

            Results: {c.OutDir}/results.db (all shards merged), {c.OutDir}/summary.json, figures in {c.FiguresDir}.
            Shard i (0..{last}) runs trials t with t mod {c.Tasks} = i into {c.OutDir}/shards/i; the merged rows equal a
            single-machine `proofs-sim run` of the same claims, scale and seed, byte for byte.

            Resume: a task that failed, timed out or was cancelled leaves its committed trials in its shard store.
            The merge job then never starts (its afterok dependency cannot be met). Once the rest of the array
            has finished, cancel that merge job, rerun the index and submit the merge again after the rerun:
              scancel <merge job>
              rerun=$(sbatch --parsable --array=<i> {dir}/{RunScript})     # e.g. --array=1,4 for several
              sbatch --dependency=afterok:$rerun {dir}/{MergeScript}
            The rerun continues the shard store where it stopped. The merge job checks that every trial is stored
            and exits 1 naming the incomplete runs otherwise, so submitting it early does no harm.

            """;
    }
}
