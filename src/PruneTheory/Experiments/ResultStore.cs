using Microsoft.Data.Sqlite;

namespace PruneTheory.Experiments;

/// <summary>A run registered in a store: its identity, spec JSON, scale and number of trials.</summary>
public sealed record StoredRun(string Name, string ClaimId, string SpecJson, string SpecHash, ulong Seed, Scale Scale, int TrialCount);

/// <summary>
/// The SQLite result store of a run directory (results.db, WAL). Trials are committed in blocks inside
/// transactions, so an interrupted run loses at most the block in flight and never half-writes a row;
/// rows are keyed by (run, trial), so resuming or merging cannot count a trial twice.
/// </summary>
public sealed class ResultStore : IDisposable
{
    public const string FileName = "results.db";
    private readonly SqliteConnection _db;

    public string Path { get; }

    private ResultStore(string path, bool create)
    {
        Path = path;
        var mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
        Exec("""
            CREATE TABLE IF NOT EXISTS runs(name TEXT PRIMARY KEY, claim_id TEXT NOT NULL, spec TEXT NOT NULL,
                spec_hash TEXT NOT NULL, seed TEXT NOT NULL, scale TEXT NOT NULL, trial_count INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS trials(run TEXT NOT NULL, trial INTEGER NOT NULL, payload TEXT NOT NULL,
                PRIMARY KEY(run, trial));
            CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
    }

    /// <summary>Opens (creating if needed) DIR/results.db.</summary>
    public static ResultStore OpenOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        return new ResultStore(System.IO.Path.Combine(directory, FileName), create: true);
    }

    /// <summary>Opens an existing DIR/results.db; a clear error if there is none.</summary>
    public static ResultStore OpenExisting(string directory)
    {
        string path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new SpecException($"no result store at {path}");
        return new ResultStore(path, create: false);
    }

    public void Register(StoredRun run)
    {
        var existing = GetRun(run.Name);
        if (existing is not null)
        {
            if (existing.SpecJson != run.SpecJson || existing.TrialCount != run.TrialCount)
                throw new StaleRunException($"run {run.Name} is stored in {Path} with another full spec or trial count " +
                    "(a claim default changed since it ran): use another --out directory or delete that store");
            return;
        }
        using var cmd = Command("INSERT INTO runs VALUES($n,$c,$s,$h,$seed,$scale,$t)");
        cmd.Parameters.AddWithValue("$n", run.Name);
        cmd.Parameters.AddWithValue("$c", run.ClaimId);
        cmd.Parameters.AddWithValue("$s", run.SpecJson);
        cmd.Parameters.AddWithValue("$h", run.SpecHash);
        cmd.Parameters.AddWithValue("$seed", run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$scale", run.Scale.ToString());
        cmd.Parameters.AddWithValue("$t", run.TrialCount);
        cmd.ExecuteNonQuery();
    }

    public StoredRun? GetRun(string name) => Runs().FirstOrDefault(r => r.Name == name);

    public IReadOnlyList<StoredRun> Runs()
    {
        using var cmd = Command("SELECT name, claim_id, spec, spec_hash, seed, scale, trial_count FROM runs ORDER BY rowid");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredRun>();
        while (r.Read())
            list.Add(new StoredRun(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                ulong.Parse(r.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                Enum.Parse<Scale>(r.GetString(5)), r.GetInt32(6)));
        return list;
    }

    public HashSet<int> CompletedTrials(string run)
    {
        using var cmd = Command("SELECT trial FROM trials WHERE run=$r");
        cmd.Parameters.AddWithValue("$r", run);
        using var r = cmd.ExecuteReader();
        var done = new HashSet<int>();
        while (r.Read()) done.Add(r.GetInt32(0));
        return done;
    }

    /// <summary>All stored rows of a run ordered by trial index: the canonical form compared across runs.</summary>
    public IReadOnlyList<(int Trial, string Payload)> Trials(string run)
    {
        using var cmd = Command("SELECT trial, payload FROM trials WHERE run=$r ORDER BY trial");
        cmd.Parameters.AddWithValue("$r", run);
        using var r = cmd.ExecuteReader();
        var list = new List<(int, string)>();
        while (r.Read()) list.Add((r.GetInt32(0), r.GetString(1)));
        return list;
    }

    /// <summary>Writes a block of trial rows in one transaction. A row already stored must be identical.</summary>
    public void AddTrials(string run, IReadOnlyList<(int Trial, string Payload)> rows)
    {
        if (rows.Count == 0) return;
        using var tx = _db.BeginTransaction();
        using var insert = Command("INSERT OR IGNORE INTO trials VALUES($r,$t,$p)");
        insert.Transaction = tx;
        var pr = insert.Parameters.Add("$r", SqliteType.Text);
        var pt = insert.Parameters.Add("$t", SqliteType.Integer);
        var pp = insert.Parameters.Add("$p", SqliteType.Text);
        using var check = Command("SELECT payload FROM trials WHERE run=$r AND trial=$t");
        check.Transaction = tx;
        var cr = check.Parameters.Add("$r", SqliteType.Text);
        var ct = check.Parameters.Add("$t", SqliteType.Integer);
        foreach (var (trial, payload) in rows)
        {
            pr.Value = run; pt.Value = trial; pp.Value = payload;
            if (insert.ExecuteNonQuery() == 1) continue;
            cr.Value = run; ct.Value = trial;
            if ((string?)check.ExecuteScalar() != payload)
                throw new InvalidOperationException($"conflict: trial {trial} of {run} is stored with a different result (different code version?)");
        }
        tx.Commit();
    }

    public void SetSetting(string key, string value)
    {
        using var cmd = Command("INSERT INTO settings VALUES($k,$v) ON CONFLICT(key) DO UPDATE SET value=$v");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    public string? GetSetting(string key)
    {
        using var cmd = Command("SELECT value FROM settings WHERE key=$k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Copies every run and trial of <paramref name="other"/> into this store (shard merge).</summary>
    public void MergeFrom(ResultStore other)
    {
        foreach (var run in other.Runs())
        {
            Register(run);
            AddTrials(run.Name, other.Trials(run.Name));
        }
    }

    private SqliteCommand Command(string sql) { var c = _db.CreateCommand(); c.CommandText = sql; return c; }
    private void Exec(string sql) { using var c = Command(sql); c.ExecuteNonQuery(); }

    public void Dispose()
    {
        Exec("PRAGMA wal_checkpoint(TRUNCATE);");
        _db.Dispose();
    }
}
