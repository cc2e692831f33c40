namespace PruneTheory.Experiments;

/// <summary>
/// A result store that cannot be used as it is: damaged (not SQLite, truncated, missing tables, rows that do not
/// parse), conflicting (a row stored with another result, trial indices outside the plan, mismatched shards), or
/// held by another writer. The CLI maps it to exit code 3 with one line; the store is left untouched.
/// </summary>
public class StoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A run is being written by another process (its lock is held); the message names the owner.</summary>
public sealed class RunLockedException(string message) : StoreException(message);

/// <summary>
/// The environment cannot do what was asked (disk full, a read-only or unreachable directory, no device):
/// exit code 4 with one line.
/// </summary>
public sealed class EnvironmentFaultException(string message, Exception? inner = null) : Exception(message, inner);
