using System.Globalization;

namespace PruneTheory.Experiments;

/// <summary>
/// The writer lock of runs in a run directory: one lock file per run under DIR/.locks, held with an exclusive
/// OS lock (flock on Unix; released by the kernel when the process dies, so a killed run never blocks its resume),
/// and an owner file that names the holder. A second writer of a held run fails at once with
/// <see cref="RunLockedException"/> naming the owner; writers of different runs in one directory proceed side by side.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string Folder = ".locks";
    private readonly List<FileStream> _held = [];
    private readonly List<string> _owners = [];

    private RunLock() { }

    /// <summary>Locks every named run of <paramref name="directory"/> (which must exist), or none of them.</summary>
    public static RunLock Acquire(string directory, IEnumerable<string> runNames)
    {
        string folder = Path.Combine(directory, Folder);
        var locks = new RunLock();
        try
        {
            Directory.CreateDirectory(folder);
            foreach (string name in runNames.Distinct().Order(StringComparer.Ordinal))
            {
                string lockPath = Path.Combine(folder, name + ".lock"), ownerPath = Path.Combine(folder, name + ".owner");
                FileStream stream;
                try { stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && !StoreFaults.IsNoSpace(e))
                {
                    string owner = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "another process";
                    throw new RunLockedException($"run {name} in {directory} is being written by {owner}: wait for it to finish, or stop it and `resume {directory}`");
                }
                locks._held.Add(stream);
                File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture,
                    $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"));
                locks._owners.Add(ownerPath);
            }
            return locks;
        }
        catch (Exception e)
        {
            locks.Dispose();
            throw StoreFaults.Classify(e, folder);
        }
    }

    /// <summary>Waits (polling) until the named lock is free, then holds it: for short critical sections such as writing summary.json.</summary>
    public static RunLock AcquireWaiting(string directory, string name, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try { return Acquire(directory, [name]); }
            catch (RunLockedException) when (clock.Elapsed < timeout) { Thread.Sleep(25); }
        }
    }

    public void Dispose()
    {
        foreach (var owner in _owners) { try { File.Delete(owner); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
        foreach (var s in _held) s.Dispose();
        _held.Clear();
        _owners.Clear();
    }
}
