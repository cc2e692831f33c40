using Microsoft.Data.Sqlite;

namespace PruneTheory.Experiments;

/// <summary>
/// Translates SQLite and file-system errors of a result store into the suite's failure kinds, so that the CLI can
/// answer each with one line and its exit code: a damaged store (3) or an environment fault (4).
/// </summary>
public static class StoreFaults
{
    // Primary SQLite result codes (sqlite3.h).
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoErr = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADb = 26;

    /// <summary>Errno values the runtime puts in <see cref="Exception.HResult"/> of an IOException on Unix.</summary>
    private const int Enospc = 28, Erofs = 30, Edquot = 122;

    public static Exception Translate(SqliteException e, string path) => (e.SqliteErrorCode & 0xFF) switch
    {
        Corrupt or NotADb => new StoreException($"{path} is damaged ({e.Message.TrimEnd('.')}): it was left as it is; move it away and re-run", e),
        Full => new EnvironmentFaultException($"disk full while writing {path}", e),
        ReadOnly or CantOpen => new EnvironmentFaultException($"cannot open {path} for writing (read-only file or directory, or no such directory)", e),
        IoErr => new EnvironmentFaultException($"I/O error on {path} ({e.Message.TrimEnd('.')}): disk full, removed or unreadable?", e),
        Busy or Locked => new RunLockedException($"{path} is busy: another process holds a write lock on it"),
        _ => new StoreException($"{path}: {e.Message.TrimEnd('.')}", e),
    };

    /// <summary>An I/O exception of the environment (disk full, read-only, permissions) as an environment fault; others unchanged.</summary>
    public static Exception Classify(Exception e, string what) => e switch
    {
        IOException io when IsNoSpace(io) => new EnvironmentFaultException($"disk full while writing {what}", e),
        IOException io when (io.HResult & 0xFFFF) == Erofs => new EnvironmentFaultException($"{what} is on a read-only file system", e),
        UnauthorizedAccessException => new EnvironmentFaultException($"no permission to write {what}", e),
        _ => e,
    };

    public static bool IsNoSpace(IOException e) => (e.HResult & 0xFFFF) is Enospc or Edquot || e.Message.Contains("No space left", StringComparison.Ordinal);
}
