using System.CommandLine;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// `merge DIR... --out DIR`: combines the stores of the shards of one run set. The shards must be one split (same N,
/// each k once, all present unless --partial) of the same runs (same claims, seeds, specs and scales); the merged
/// store is built in a temporary file in --out and renamed to results.db only when everything succeeded, so a
/// refused or failed merge leaves nothing behind. Refusals exit 3 with one line.
/// </summary>
public static class MergeCommand
{
    public static Command Build()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "shard run directories", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "merged run directory (must not hold a results.db yet)", Required = true };
        var partial = new Option<bool>("--partial") { Description = "accept an incomplete shard set or missing trials (say what is missing; `resume` can finish it)" };
        var cmd = new Command("merge", "Combine the stores of shard runs into one directory (then use `figures`).") { dirs, outDir, partial };
        cmd.SetAction(parse => Run(parse.GetValue(dirs)!, parse.GetValue(outDir)!, parse.GetValue(partial)));
        return cmd;
    }

    public static int Run(string[] sources, string target, bool partial)
    {
        OutputDirs.CheckWritable(target, "--out");
        if (File.Exists(Path.Combine(target, ResultStore.FileName)))
            throw new SpecException($"--out {target} already holds a {ResultStore.FileName}: merge into a new directory");
        var dupes = sources.GroupBy(s => Path.GetFullPath(s).TrimEnd('/')).FirstOrDefault(g => g.Count() > 1);
        if (dupes is not null) throw new StoreException($"merge: {dupes.Key} is given {dupes.Count()} times (duplicate shard)");

        var shards = new List<(string Dir, Shard Shard, Dictionary<string, StoredRun> Runs, string? Figures)>();
        foreach (var dir in sources)
        {
            using var store = ResultStore.OpenReadOnly(dir);
            var shard = ParseShard(store.GetSetting("shard") ?? "1/1", dir);
            shards.Add((dir, shard, store.Runs().ToDictionary(r => r.Name), store.GetSetting("figures_dir")));
        }
        var missing = CheckShardSet(shards.Select(s => (s.Dir, s.Shard)).ToList());
        CheckSameRuns(shards.Select(s => (s.Dir, s.Runs)).ToList());

        Directory.CreateDirectory(target);
        string final = Path.Combine(target, ResultStore.FileName);
        string tmp = Path.Combine(target, $".{ResultStore.FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var lines = new List<string>();
            using (var merged = ResultStore.CreateFile(tmp))
            {
                foreach (var (dir, _, _, figures) in shards)
                {
                    using var shardStore = ResultStore.OpenReadOnly(dir);
                    merged.MergeFrom(shardStore);
                    if (merged.GetSetting("figures_dir") is null && figures is not null) merged.SetSetting("figures_dir", figures);
                }
                merged.SetSetting("shard", "1/1");
                foreach (var run in merged.Runs())
                {
                    var lacking = merged.MissingTrials(run, _ => true);
                    lines.Add($"{run.Name}: {run.TrialCount - lacking.Count}/{run.TrialCount} trials");
                    if (lacking.Count > 0) missing.Add($"run {run.Name} lacks trials {ResultStore.Abbreviate(lacking)}");
                }
                merged.Checkpoint();
            }
            if (missing.Count > 0 && !partial)
                throw new StoreException($"merge refused, the shard set is incomplete: {string.Join("; ", missing)} (finish or add the shards, or use --partial)");
            File.Move(tmp, final);
            foreach (var l in lines) Console.WriteLine(l);
            if (missing.Count > 0) Console.Error.WriteLine(ErrorPath.OneLine($"partial merge: {string.Join("; ", missing)}; `resume {target}` runs what is missing"));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StoreFaults.Classify(e, final); }
        finally
        {
            foreach (var f in new[] { tmp, tmp + "-wal", tmp + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }

    private static Shard ParseShard(string text, string dir)
    {
        try { return Shard.Parse(text); }
        catch (SpecException) { throw new StoreException($"{dir}: the store's shard setting '{text}' is unreadable"); }
    }

    /// <summary>One split, each part once; returns what is missing of it.</summary>
    private static List<string> CheckShardSet(List<(string Dir, Shard Shard)> shards)
    {
        var counts = shards.Select(s => s.Shard.Count).Distinct().ToList();
        if (counts.Count > 1)
            throw new StoreException($"merge: the shards come from different splits ({string.Join(", ", shards.Select(s => $"{s.Dir} is {s.Shard}"))})");
        var dup = shards.GroupBy(s => s.Shard.Index).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new StoreException($"merge: {string.Join(" and ", dup.Select(s => s.Dir))} are all shard {dup.First().Shard} (duplicate shard)");
        int n = counts[0];
        var absent = Enumerable.Range(1, n).Where(k => shards.All(s => s.Shard.Index != k)).Select(k => $"{k}/{n}").ToList();
        return absent.Count == 0 ? [] : [$"shard{(absent.Count > 1 ? "s" : "")} {string.Join(", ", absent)} not given"];
    }

    /// <summary>Every shard holds the same runs: same claims, and per claim the same seed, spec and scale.</summary>
    private static void CheckSameRuns(List<(string Dir, Dictionary<string, StoredRun> Runs)> shards)
    {
        var (firstDir, first) = shards[0];
        foreach (var (dir, runs) in shards.Skip(1))
        {
            foreach (var claim in first.Values.Select(r => r.ClaimId).Union(runs.Values.Select(r => r.ClaimId)).Distinct())
            {
                var a = first.Values.Where(r => r.ClaimId == claim).ToList();
                var b = runs.Values.Where(r => r.ClaimId == claim).ToList();
                if (a.Count == 0 || b.Count == 0)
                    throw new StoreException($"merge: {(a.Count == 0 ? firstDir : dir)} holds no run of {claim}, {(a.Count == 0 ? dir : firstDir)} does: not shards of one run set");
                foreach (var ra in a)
                {
                    if (b.FirstOrDefault(rb => rb.Name == ra.Name) is { } same)
                    {
                        string? differs = same.Scale != ra.Scale ? $"scales {ra.Scale} and {same.Scale}"
                            : same.SpecJson != ra.SpecJson || same.TrialCount != ra.TrialCount ? "full specs or trial counts" : null;
                        if (differs is not null)
                            throw new StoreException($"merge: run {ra.Name} is stored in {firstDir} and {dir} with different {differs}: not shards of one run");
                        continue;
                    }
                    var rb0 = b[0];
                    string what = ra.Seed != rb0.Seed ? $"seeds {ra.Seed} and {rb0.Seed}" : ra.Scale != rb0.Scale ? $"scales {ra.Scale} and {rb0.Scale}" : $"specs {ra.SpecHash[..12]} and {rb0.SpecHash[..12]}";
                    throw new StoreException($"merge: {firstDir} and {dir} hold runs of {claim} with different {what}: not shards of one run");
                }
                if (b.Count != a.Count) throw new StoreException($"merge: {firstDir} and {dir} hold different runs of {claim}");
            }
        }
    }
}
