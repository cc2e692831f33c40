using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>The sbatch resources of a campaign: written into the job scripts, free to change between writes.</summary>
public sealed record SlurmResources(int CpusPerTask, string? Partition, string? Time, string? Gres, string? Account)
{
    // Values land in #SBATCH lines: one token each, no quoting needed, nothing a shell would read.
    private static readonly Regex Token = new(@"^[A-Za-z0-9_.:,=+\-]+$");
    private static readonly Regex WallTime = new(@"^(\d+-)?\d{1,3}:[0-5]\d:[0-5]\d$");

    public static SlurmResources Parse(int cpus, string? partition, string? time, string? gres, string? account)
    {
        if (cpus < 1) throw new SpecException($"--cpus-per-task must be >= 1 (got {cpus})");
        if (time is not null && !WallTime.IsMatch(time)) throw new SpecException($"--time must look like HH:MM:SS or D-HH:MM:SS (got '{time}')");
        Check("--partition", partition);
        Check("--gres", gres);
        Check("--account", account);
        return new SlurmResources(cpus, partition, time, gres, account);
    }

    private static void Check(string option, string? value)
    {
        if (value is not null && !Token.IsMatch(value))
            throw new SpecException($"{option} must be one word of letters, digits and _.:,=+- (got '{value}')");
    }
}

/// <summary>
/// One SLURM campaign: the planned runs (claims, specs, seed, scale) split into K shards, with absolute
/// paths for the node. Its identity (runs, scale, tasks) is stored in DIR/slurm/campaign.json, so a second
/// `slurm --out DIR` with another spec is refused instead of mixing two campaigns in one directory.
/// </summary>
public sealed record SlurmCampaign(IReadOnlyList<PlannedRun> Plans, IReadOnlyList<string> Overrides, ulong Seed, Scale Scale,
    int Tasks, string OutDir, string? DataDir, SlurmResources Resources)
{
    public const string CampaignFile = "campaign.json";
    public string SlurmDir => Path.Combine(OutDir, "slurm");
    public string LogDir => Path.Combine(SlurmDir, "logs");
    public string ShardDir(int index) => Path.Combine(OutDir, "shards", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public string FiguresDir => Path.Combine(OutDir, "figures");
    public string ScaleName => Scale == Scale.Paper ? "paper" : "quick";

    /// <summary>Validates everything that does not need the file system: tasks against the claims' trial counts.</summary>
    public static SlurmCampaign Create(IReadOnlyList<PlannedRun> plans, IReadOnlyList<string> overrides, ulong seed, Scale scale,
        int tasks, string outDir, string? dataDir, SlurmResources resources)
    {
        if (tasks < 1) throw new SpecException($"--tasks must be >= 1 (got {tasks})");
        int most = plans.Max(p => p.TrialCount);
        if (tasks > most)
            throw new SpecException($"--tasks {tasks} is more than the trial count of every named claim (most: {most}, {plans.MaxBy(p => p.TrialCount)!.Claim.Id})");
        // The directory is written into #SBATCH lines, which a shell never unquotes.
        string full = Path.GetFullPath(outDir);
        if (full.Any(ch => char.IsWhiteSpace(ch) || ch is '\'' or '"' or '%' or '\\'))
            throw new SpecException($"--out '{full}': a slurm campaign directory cannot contain spaces, quotes, % or backslashes");
        if (dataDir is not null && !Directory.Exists(dataDir)) throw new SpecException($"--data {dataDir}: no such directory");
        return new SlurmCampaign(plans, overrides, seed, scale, tasks, full,
            dataDir is null ? null : Path.GetFullPath(dataDir), resources);
    }

    /// <summary>What must match for a directory to be this campaign again (sbatch resources may change).</summary>
    public string IdentityJson() => new JsonObject
    {
        ["scale"] = ScaleName,
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["tasks"] = Tasks,
        ["runs"] = new JsonArray(Plans.Select(p => (JsonNode)JsonValue.Create(p.Identity.Name)!).ToArray()),
    }.ToJsonString();

    /// <summary>
    /// Refuses an --out that holds something else: a file, a non-campaign directory with content, or
    /// another campaign. An absent or empty directory, or this very campaign, is fine.
    /// </summary>
    public void CheckOutDir()
    {
        if (File.Exists(OutDir)) throw new SpecException($"--out {OutDir} is a file, not a directory");
        if (!Directory.Exists(OutDir) || !Directory.EnumerateFileSystemEntries(OutDir).Any()) return;
        string file = Path.Combine(SlurmDir, CampaignFile);
        if (!File.Exists(file))
            throw new SpecException($"--out {OutDir} exists and is not a slurm campaign directory (no slurm/{CampaignFile}): use another --out");
        if (File.ReadAllText(file).Trim() != IdentityJson())
            throw new SpecException($"--out {OutDir} holds a campaign with another spec, seed, scale or --tasks (see {file}): use another --out");
    }
}
