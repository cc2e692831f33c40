using Microsoft.Data.Sqlite;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// Damaged and altered stores: `figures`, `resume` and `run` into them exit 3 with one line and leave the directory
/// exactly as it was (never overwritten); a rerun into a fresh directory, or a resume where the damage is only a gap,
/// ends with the rows of an undisturbed run.
/// </summary>
[Collection("console")]
public class DamagedStoreTests
{
    private static readonly Lazy<(byte[] Store, IReadOnlyList<(int, string)> Rows, string Run)> Good = new(() =>
    {
        using var tmp = new TempDir();
        var rows = Cli.ReferenceRows(tmp.Sub("ref"));
        var r = Cli.Invoke(Cli.RunTiny(tmp.Sub("run"), tmp.Sub("fig")));
        Assert.Equal(0, r.Code);
        return (File.ReadAllBytes(Path.Combine(tmp.Sub("run"), ResultStore.FileName)), rows, Cli.TinyPlan().Identity.Name);
    });

    /// <summary>Where to cut the store: inside the 100-byte SQLite header, then at k/60 of its length.</summary>
    public static TheoryData<string> Cuts()
    {
        var data = new TheoryData<string>();
        foreach (int b in new[] { 0, 1, 15, 16, 50, 99, 100, 101, 200, 1000 }) data.Add($"byte {b}");
        for (int k = 1; k < 60; k++) data.Add($"{k}/60");
        data.Add("all but one byte");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public void A_truncated_store_is_refused_by_every_command_and_left_as_it_is(string where)
    {
        var store = Good.Value.Store;
        int cut = where.StartsWith("byte ") ? int.Parse(where[5..]) : where == "all but one byte" ? store.Length - 1
            : (int)((long)store.Length * int.Parse(where.Split('/')[0]) / 60);
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, ResultStore.FileName), store[..cut]);
        ExpectRefused(tmp, dir);
    }

    public static TheoryData<string, string> Alterations() => new()
    {
        { "trial moved past the plan", "UPDATE trials SET trial = 1000 WHERE trial = 1" },
        { "negative trial index", "UPDATE trials SET trial = -1 WHERE trial = 2" },
        { "extra trial", "INSERT INTO trials SELECT run, 4, payload FROM trials WHERE trial = 0" },
        { "row of an unregistered run", "INSERT INTO trials VALUES('ghost_000000000000', 0, '{}')" },
        { "payload not JSON", "UPDATE trials SET payload = 'garbage' WHERE trial = 0" },
        { "payload of another shape", "UPDATE trials SET payload = '{\"nope\":1}' WHERE trial = 0" },
        { "payload empty", "UPDATE trials SET payload = '' WHERE trial = 3" },
        { "runs table dropped", "DROP TABLE runs" },
        { "trials table dropped", "DROP TABLE trials" },
        { "settings table dropped", "DROP TABLE settings" },
        { "every run deleted", "DELETE FROM runs; DELETE FROM trials" },
        { "seed unreadable", "UPDATE runs SET seed = 'x'" },
        { "scale unreadable", "UPDATE runs SET scale = 'Huge'" },
        { "trial count zero", "UPDATE runs SET trial_count = 0" },
        { "trial count smaller than rows", "UPDATE runs SET trial_count = 2" },
        { "spec altered", "UPDATE runs SET spec = replace(spec, '2000', '2001')" },
        { "spec not JSON", "UPDATE runs SET spec = '{'" },
        { "claim unknown", "UPDATE runs SET claim_id = 'no-such-claim'" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public void An_altered_store_is_refused_and_left_as_it_is(string what, string sql)
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, ResultStore.FileName);
        File.WriteAllBytes(db, Good.Value.Store);
        Execute(db, sql);
        // An empty runs table is a valid (empty) store: `run` may write into it; reading it must not pass silently.
        ExpectRefused(tmp, dir, runRefused: what != "every run deleted");
    }

    public static TheoryData<string, byte[]> Replacements() => new()
    {
        { "empty file", [] },
        { "text file", "this is not a database\n"u8.ToArray() },
        { "random bytes", Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray() },
        { "zeroed header", new byte[8192] },
        { "a foreign SQLite database", Foreign() },
    };

    [Theory]
    [MemberData(nameof(Replacements))]
    public void A_file_that_is_not_a_store_is_refused_and_left_as_it_is(string what, byte[] content)
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, ResultStore.FileName), content);
        Assert.NotNull(what);
        ExpectRefused(tmp, dir);
    }

    [Fact]
    public void A_gap_is_named_and_resume_fills_it_to_the_undisturbed_rows()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, ResultStore.FileName);
        File.WriteAllBytes(db, Good.Value.Store);
        Execute(db, "DELETE FROM trials WHERE trial = 2");
        Assert.Equal(0, Cli.Invoke("figures", dir, "--figures", tmp.Sub("fig")).Code);
        var claim = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["claims"]![0]!;
        Assert.Equal("incomplete", (string)claim["verdict"]!);
        Assert.Contains("missing 2", (string)claim["reason"]!);
        Assert.Equal(0, Cli.Invoke("resume", dir, "--threads", "1").Code);
        Assert.Equal(Good.Value.Rows, Cli.Rows(dir, Good.Value.Run));
    }

    private static void ExpectRefused(TempDir tmp, string dir, bool runRefused = true)
    {
        var before = Cli.Snapshot(dir);
        Cli.Invoke("figures", dir, "--figures", tmp.Sub("fig")).AssertFails(ExitCodes.StoreDamaged);
        Assert.Equal(before, Cli.Snapshot(dir));
        Cli.Invoke("resume", dir, "--threads", "1").AssertFails(ExitCodes.StoreDamaged);
        Assert.Equal(before, Cli.Snapshot(dir));
        if (runRefused)
        {
            Cli.Invoke(Cli.RunTiny(dir, tmp.Sub("fig"))).AssertFails(ExitCodes.StoreDamaged);
            Assert.Equal(before, Cli.Snapshot(dir));
        }
        Assert.False(Directory.Exists(tmp.Sub("fig")));
        // A rerun into a fresh directory reaches the undisturbed rows.
        Assert.Equal(0, Cli.Invoke(Cli.RunTiny(tmp.Sub("rerun"), tmp.Sub("fig2"))).Code);
        Assert.Equal(Good.Value.Rows, Cli.Rows(tmp.Sub("rerun"), Good.Value.Run));
    }

    private static void Execute(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql + "; PRAGMA wal_checkpoint(TRUNCATE);";
        cmd.ExecuteNonQuery();
    }

    private static byte[] Foreign()
    {
        string path = Path.Combine(Path.GetTempPath(), $"foreign-{Guid.NewGuid():N}.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE people(name TEXT); INSERT INTO people VALUES('ada');";
            cmd.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
