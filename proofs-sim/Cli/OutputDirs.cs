using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// Checks an output directory option (--out, --figures) before any work: a usable name (exit 2 when not), and a
/// directory this process can write into (the directory itself, or the nearest existing folder above it where it
/// will be created; exit 4 when not). The probe file it writes is removed at once.
/// </summary>
public static class OutputDirs
{
    public static void CheckWritable(string? dir, string option)
    {
        if (string.IsNullOrWhiteSpace(dir)) throw new SpecException($"{option} must name a directory (got '{dir}')");
        if (dir.IndexOfAny(['\0']) >= 0) throw new SpecException($"{option}: the name holds a NUL character");
        string full;
        try { full = Path.GetFullPath(dir); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        { throw new SpecException($"{option} {dir}: not a usable path ({e.Message})"); }
        if (File.Exists(full)) throw new SpecException($"{option} {dir} is a file, not a directory");
        string existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new SpecException($"{option} {dir}: {existing} is a file, not a directory");
            existing = Path.GetDirectoryName(existing) ?? throw new EnvironmentFaultException($"{option} {dir}: no existing folder above it");
        }
        string probe = Path.Combine(existing, $".proofs-sim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvironmentFaultException($"{option} {dir} is not writable: cannot create files in {existing} ({e.Message.TrimEnd('.')})", e);
        }
    }
}
