using Microsoft.Data.Sqlite;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// `merge` refuses what is not one complete shard set of one run (exit 3, one line, nothing in --out), accepts an
/// incomplete set only with --partial (saying what is missing), and a refused merge redone right ends with the rows
/// of an undisturbed run.
/// </summary>
[Collection("console")]
public class MergeTests : IClassFixture<MergeTests.Shards>
{
    public sealed class Shards : IDisposable
    {
        public readonly TempDir Tmp = new();
        public string Dir(string name) => Tmp.Sub(name);

        public Shards()
        {
            Make("a", "1/2"); Make("b", "2/2");
            Make("a3", "1/3");
            Make("b-seed1", "2/2", "--seed", "1");
            Make("b-spec", "2/2", "--set", "centres=0,1");
            Make("b-paper", "2/2", "--scale", "paper");
            Make("whole", "1/1");
            // A copy of shard a relabelled 2/2 with one row changed: overlaps b with another result.
            CopyDir(Dir("a"), Dir("b-conflict"));
            Sql(Dir("b-conflict"), "UPDATE settings SET value='2/2' WHERE key='shard'; UPDATE trials SET payload = replace(payload, '1', '2') WHERE trial = 0");
            Make("b-interrupted", "2/2");
            Sql(Dir("b-interrupted"), "DELETE FROM trials WHERE trial = 3");
            CopyDir(Dir("a"), Dir("a-copy"));
        }

        private void Make(string name, string shard, params string[] extra) =>
            Assert.Equal(0, Cli.Invoke([.. Cli.RunTiny(Dir(name), Dir("fig-" + name)), "--shard", shard, .. extra]).Code);

        public void Dispose() => Tmp.Dispose();
    }

    private readonly Shards _s;
    public MergeTests(Shards s) => _s = s;

    public static TheoryData<string, string, string[]> Refusals() => new()
    {
        { "incomplete set", "shard 2/2 not given", ["a"] },
        { "same directory twice", "duplicate", ["a", "a"] },
        { "duplicate shard", "duplicate shard", ["a", "a-copy", "b"] },
        { "different splits", "different splits", ["a", "a3"] },
        { "different seeds", "seeds", ["a", "b-seed1"] },
        { "different specs", "specs", ["a", "b-spec"] },
        { "different scales", "scales", ["a", "b-paper"] },
        { "conflicting rows", "conflict", ["a", "b-conflict"] },
        { "missing trials", "lacks trials 3", ["a", "b-interrupted"] },
        { "a whole run with a shard", "different splits", ["whole", "b"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_shard_set_is_refused_with_nothing_written(string what, string mentions, string[] dirs)
    {
        using var tmp = new TempDir();
        string target = tmp.Sub("merged");
        var before = dirs.Distinct().ToDictionary(d => d, d => Cli.Snapshot(_s.Dir(d)));
        Cli.Invoke(["merge", .. dirs.Select(_s.Dir), "--out", target]).AssertFails(ExitCodes.StoreDamaged, mentions);
        Assert.Empty(Cli.Snapshot(target));
        foreach (var (d, snap) in before) Assert.Equal(snap, Cli.Snapshot(_s.Dir(d)));
        Assert.NotNull(what);
    }

    [Fact]
    public void Partial_merge_says_what_is_missing_and_resume_completes_it()
    {
        using var tmp = new TempDir();
        string target = tmp.Sub("merged");
        var r = Cli.Invoke("merge", _s.Dir("a"), "--out", target, "--partial");
        Assert.Equal(0, r.Code);
        Assert.Contains("shard 2/2 not given", r.Error);
        Assert.Equal(0, Cli.Invoke("resume", target, "--threads", "1").Code);
        Assert.Equal(Cli.ReferenceRows(tmp.Sub("ref")), Cli.Rows(target, Cli.TinyPlan().Identity.Name));
    }

    [Fact]
    public void A_complete_set_merges_to_the_undisturbed_rows_and_refuses_a_second_merge_over_it()
    {
        using var tmp = new TempDir();
        string target = tmp.Sub("merged");
        Assert.Equal(0, Cli.Invoke("merge", _s.Dir("a"), _s.Dir("b"), "--out", target).Code);
        Assert.Equal(Cli.ReferenceRows(tmp.Sub("ref")), Cli.Rows(target, Cli.TinyPlan().Identity.Name));
        Assert.Empty(Directory.EnumerateFiles(target, "*.tmp*"));
        var before = Cli.Snapshot(target);
        Cli.Invoke("merge", _s.Dir("a"), _s.Dir("b"), "--out", target).AssertFails(ExitCodes.BadInput, "already holds");
        Assert.Equal(before, Cli.Snapshot(target));
    }

    private static void Sql(string dir, string sql)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, ResultStore.FileName)};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql + "; PRAGMA wal_checkpoint(TRUNCATE);";
        cmd.ExecuteNonQuery();
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(from, ResultStore.FileName), Path.Combine(to, ResultStore.FileName));
    }
}
