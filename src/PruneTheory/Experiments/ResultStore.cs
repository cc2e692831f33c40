using Microsoft.Data.Sqlite;

namespace PruneTheory.Experiments;

/// <summary>A run registered in a store: its identity, spec JSON, scale and number of trials.</summary>
public sealed record StoredRun(string Name, string ClaimId, string SpecJson, string SpecHash, ulong Seed, Scale Scale, int TrialCount);

/// <summary>
/// The SQLite result store of a run directory (results.db, WAL). Trials are committed in blocks inside
/// transactions, so an interrupted run loses at most the block in flight and never half-writes a row;
/// rows are keyed by (run, trial), so resuming or merging cannot count a trial twice. An existing file is
/// checked (schema, SQLite quick_check, orphan rows) before anything is written to it: a damaged store is
/// reported (<see cref="StoreException"/>) and never overwritten. Timings live in their own table, never compared.
/// </summary>
public sealed class ResultStore : IDisposable
{
    public const string FileName = "results.db";
    private static readonly string[] Tables = ["runs", "trials", "settings"];
    private readonly SqliteConnection _db;
    private readonly bool _readOnly;

    public string Path { get; }

    private ResultStore(string path, bool create, bool readOnly)
    {
        Path = path;
        _readOnly = readOnly;
        var mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        try
        {
            _db.Open();
            Exec("PRAGMA busy_timeout=10000;");
            if (!create) Verify();
            if (readOnly) return;
            Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Exec("""
                CREATE TABLE IF NOT EXISTS runs(name TEXT PRIMARY KEY, claim_id TEXT NOT NULL, spec TEXT NOT NULL,
                    spec_hash TEXT NOT NULL, seed TEXT NOT NULL, scale TEXT NOT NULL, trial_count INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS trials(run TEXT NOT NULL, trial INTEGER NOT NULL, payload TEXT NOT NULL,
                    PRIMARY KEY(run, trial));
                CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS timings(run TEXT NOT NULL, trial INTEGER NOT NULL, seconds REAL NOT NULL,
                    PRIMARY KEY(run, trial));
                """);
        }
        // SQLite's own empty -wal/-shm side files may stay: deleting them could break a writer that opened meanwhile.
        catch (SqliteException e) { _db.Dispose(); throw StoreFaults.Translate(e, path); }
        catch { _db.Dispose(); throw; }
    }

    /// <summary>Opens DIR/results.db for writing, creating it (and DIR) when absent; an existing file is checked first.</summary>
    public static ResultStore OpenOrCreate(string directory)
    {
        string path = System.IO.Path.Combine(directory, FileName);
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new EnvironmentFaultException($"cannot create the run directory {directory}: {e.Message}", e); }
        if (!File.Exists(path)) CreateAtomically(path);
        return new ResultStore(path, create: false, readOnly: false);
    }

    // A new store appears complete or not at all (its schema is written in a temporary file that is then renamed),
    // so an empty or schema-less results.db is always damage, never a store some process is creating.
    private static void CreateAtomically(string path)
    {
        string tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var fresh = new ResultStore(tmp, create: true, readOnly: false)) fresh.Checkpoint();
            // A -wal/-shm left by a deleted results.db would be replayed into the new one: without their database they are void.
            if (!File.Exists(path)) foreach (var stale in new[] { path + "-wal", path + "-shm" }) File.Delete(stale);
            try { File.Move(tmp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { } // another process created it first: use theirs
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StoreFaults.Classify(e, path); }
        finally
        {
            foreach (var f in new[] { tmp, tmp + "-wal", tmp + "-shm" })
                try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Creates a new store at an exact file path (a merge's temporary file, renamed to results.db on success).</summary>
    public static ResultStore CreateFile(string path)
    {
        if (File.Exists(path)) throw new StoreException($"{path} exists already");
        return new ResultStore(path, create: true, readOnly: false);
    }

    /// <summary>Opens an existing DIR/results.db for writing; a clear error if there is none.</summary>
    public static ResultStore OpenExisting(string directory) => new(RequireFile(directory), create: false, readOnly: false);

    /// <summary>Opens an existing DIR/results.db without writing to it (figures, merge sources, checks).</summary>
    public static ResultStore OpenReadOnly(string directory) => new(RequireFile(directory), create: false, readOnly: true);

    private static string RequireFile(string directory)
    {
        string path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new SpecException($"no result store at {path}");
        return path;
    }

    // The schema, SQLite's own page checks, and rows that belong to no run: all before any write.
    private void Verify()
    {
        if (new FileInfo(Path).Length == 0) throw new StoreException($"{Path} is empty (0 bytes): not a result store; move it away and re-run");
        var tables = new HashSet<string>(Column<string>("SELECT name FROM sqlite_master WHERE type='table'"));
        var missing = Tables.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new StoreException($"{Path} is not a PruneTheory result store (missing table{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}); it was left as it is");
        // SQLite reads a short last page as zeros: a file that is not whole pages, or shorter than its header says, is cut.
        long pageSize = Column<long>("PRAGMA page_size")[0], pages = Column<long>("PRAGMA page_count")[0], length = new FileInfo(Path).Length;
        bool walEmpty = !File.Exists(Path + "-wal") || new FileInfo(Path + "-wal").Length == 0;
        if (length % pageSize != 0 || (walEmpty && length < pages * pageSize))
            throw new StoreException($"{Path} is truncated ({length} bytes, {pages} pages of {pageSize} expected); it was left as it is");
        var check = Column<string>("PRAGMA quick_check");
        if (check is not ["ok"]) throw new StoreException($"{Path} is damaged (SQLite quick_check: {check.FirstOrDefault()}); it was left as it is");
        var orphans = Column<string>("SELECT DISTINCT run FROM trials WHERE run NOT IN (SELECT name FROM runs) LIMIT 5");
        if (orphans.Count > 0) throw new StoreException($"{Path} holds trials of runs it does not register ({string.Join(", ", orphans)})");
        _ = Runs();
    }

    public void Register(StoredRun run)
    {
        var existing = GetRun(run.Name);
        if (existing is not null)
        {
            if (existing.SpecJson != run.SpecJson || existing.TrialCount != run.TrialCount || existing.ClaimId != run.ClaimId
                || existing.Seed != run.Seed || existing.Scale != run.Scale)
                throw new StaleRunException($"run {run.Name} is stored in {Path} with another claim, full spec, seed, scale or trial count " +
                    "(a claim default changed since it ran): use another --out directory or delete that store");
            return;
        }
        Guard(() =>
        {
            using var cmd = Command("INSERT INTO runs VALUES($n,$c,$s,$h,$seed,$scale,$t)");
            cmd.Parameters.AddWithValue("$n", run.Name);
            cmd.Parameters.AddWithValue("$c", run.ClaimId);
            cmd.Parameters.AddWithValue("$s", run.SpecJson);
            cmd.Parameters.AddWithValue("$h", run.SpecHash);
            cmd.Parameters.AddWithValue("$seed", run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$scale", run.Scale.ToString());
            cmd.Parameters.AddWithValue("$t", run.TrialCount);
            return cmd.ExecuteNonQuery();
        });
    }

    public StoredRun? GetRun(string name) => Runs().FirstOrDefault(r => r.Name == name);

    public IReadOnlyList<StoredRun> Runs() => Guard(() =>
    {
        using var cmd = Command("SELECT name, claim_id, spec, spec_hash, seed, scale, trial_count FROM runs ORDER BY rowid");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredRun>();
        while (r.Read())
        {
            string name = r.IsDBNull(0) ? "?" : r.GetString(0);
            if (r.IsDBNull(4) || !ulong.TryParse(r.GetString(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong seed)
                || r.IsDBNull(5) || !Enum.TryParse<Scale>(r.GetString(5), out var scale) || r.IsDBNull(6) || r.GetInt64(6) is < 1 or > int.MaxValue)
                throw new StoreException($"{Path}: run {name} has an unreadable seed, scale or trial count");
            list.Add(new StoredRun(name, r.GetString(1), r.GetString(2), r.GetString(3), seed, scale, r.GetInt32(6)));
        }
        return list;
    });

    /// <summary>The stored trial indices of a run; an index outside the run's plan [0, trial_count) is an error naming it.</summary>
    public HashSet<int> CompletedTrials(string run) => new(Trials(run).Select(t => t.Trial));

    /// <summary>All stored rows of a run ordered by trial index: the canonical form compared across runs. Checked against the plan.</summary>
    public IReadOnlyList<(int Trial, string Payload)> Trials(string run) => Guard(() =>
    {
        int total = GetRun(run)?.TrialCount ?? throw new StoreException($"{Path} has no run {run}");
        using var cmd = Command("SELECT trial, payload FROM trials WHERE run=$r ORDER BY trial");
        cmd.Parameters.AddWithValue("$r", run);
        using var r = cmd.ExecuteReader();
        var list = new List<(int, string)>();
        var outside = new List<long>();
        while (r.Read())
        {
            long t = r.GetInt64(0);
            if (t < 0 || t >= total || r.IsDBNull(1)) { outside.Add(t); continue; }
            list.Add(((int)t, r.GetString(1)));
        }
        if (outside.Count > 0)
            throw new StoreException($"{Path}: run {run} holds trial ind{(outside.Count > 1 ? "ices" : "ex")} {Abbreviate(outside)} outside its plan 0..{total - 1} (or an empty row): the store was altered; it was left as it is");
        return list;
    });

    /// <summary>The planned indices of a run that the store lacks (those <paramref name="owned"/> selects).</summary>
    public List<int> MissingTrials(StoredRun run, Func<int, bool> owned)
    {
        var done = CompletedTrials(run.Name);
        return Enumerable.Range(0, run.TrialCount).Where(i => owned(i) && !done.Contains(i)).ToList();
    }

    public static string Abbreviate<T>(IReadOnlyCollection<T> items, int shown = 8) =>
        string.Join(", ", items.Take(shown)) + (items.Count > shown ? $", … ({items.Count} in all)" : "");

    /// <summary>Writes a block of trial rows in one transaction. A row already stored must be identical.</summary>
    public void AddTrials(string run, IReadOnlyList<(int Trial, string Payload)> rows, IReadOnlyList<double>? seconds = null)
    {
        if (rows.Count == 0) return;
        Guard(() =>
        {
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
            using var timing = Command("INSERT OR REPLACE INTO timings VALUES($r,$t,$s)");
            timing.Transaction = tx;
            for (int k = 0; k < rows.Count; k++)
            {
                var (trial, payload) = rows[k];
                pr.Value = run; pt.Value = trial; pp.Value = payload;
                if (seconds is not null)
                {
                    timing.Parameters.Clear();
                    timing.Parameters.AddWithValue("$r", run); timing.Parameters.AddWithValue("$t", trial); timing.Parameters.AddWithValue("$s", seconds[k]);
                    timing.ExecuteNonQuery();
                }
                if (insert.ExecuteNonQuery() == 1) continue;
                cr.Value = run; ct.Value = trial;
                if ((string?)check.ExecuteScalar() != payload)
                    throw new StoreException($"conflict: trial {trial} of {run} is stored in {Path} with a different result " +
                        "(rows must be pure functions of seed, claim and trial: another code version, or a claim that stores timings?)");
            }
            tx.Commit();
            return 0;
        });
    }

    /// <summary>Wall-clock seconds of stored trials (kept apart from the rows, never compared).</summary>
    public IReadOnlyDictionary<int, double> Timings(string run) => Guard(() =>
    {
        using var cmd = Command("SELECT trial, seconds FROM timings WHERE run=$r");
        cmd.Parameters.AddWithValue("$r", run);
        using var r = cmd.ExecuteReader();
        var d = new Dictionary<int, double>();
        while (r.Read()) d[r.GetInt32(0)] = r.GetDouble(1);
        return (IReadOnlyDictionary<int, double>)d;
    });

    public void SetSetting(string key, string value) => Guard(() =>
    {
        using var cmd = Command("INSERT INTO settings VALUES($k,$v) ON CONFLICT(key) DO UPDATE SET value=$v");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        return cmd.ExecuteNonQuery();
    });

    public string? GetSetting(string key) => Guard(() =>
    {
        using var cmd = Command("SELECT value FROM settings WHERE key=$k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    });

    /// <summary>Copies every run and trial of <paramref name="other"/> into this store (shard merge).</summary>
    public void MergeFrom(ResultStore other)
    {
        foreach (var run in other.Runs())
        {
            Register(run);
            AddTrials(run.Name, other.Trials(run.Name));
        }
    }

    /// <summary>Moves the WAL into the main file, so the store is one self-contained file (before a rename).</summary>
    public void Checkpoint() => Guard(() => { Exec("PRAGMA wal_checkpoint(TRUNCATE);"); return 0; });

    private T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (SqliteException e) { throw StoreFaults.Translate(e, Path); }
    }

    private List<T> Column<T>(string sql)
    {
        using var cmd = Command(sql);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(r.GetFieldValue<T>(0));
        return list;
    }

    private SqliteCommand Command(string sql) { var c = _db.CreateCommand(); c.CommandText = sql; return c; }
    private void Exec(string sql) { using var c = Command(sql); c.ExecuteNonQuery(); }

    public void Dispose()
    {
        // Committed rows are safe in the WAL already; a failed checkpoint (disk full, file removed) loses nothing.
        if (!_readOnly) { try { Exec("PRAGMA wal_checkpoint(TRUNCATE);"); } catch (SqliteException) { } }
        _db.Dispose();
    }
}
