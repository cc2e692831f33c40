using System.Security.Cryptography;
using System.Text;

namespace PruneTheory.Pdes;

/// <summary>
/// On-disk cache of generated diffusion–sorption datasets: one binary file per generator setting, named by a
/// SHA-256 of (solver version, settings, seed, sample range) and written atomically (temp file + rename).
/// </summary>
public static class DiffusionSorptionCache
{
    /// <summary>Bump when the solver's output changes, so stale files are never read.</summary>
    public const int SolverVersion = 1;
    private const uint Magic = 0x53444650; // "PFDS"

    /// <summary>$PRUNETHEORY_CACHE, else the user's local application data folder.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("PRUNETHEORY_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "PruneTheory", "cache");

    public static string Key(DiffusionSorptionSettings s, ulong seed, int first, int count)
    {
        string text = FormattableString.Invariant(
            $"diffsorp v{SolverVersion} cells={s.Cells} h={s.StepSeconds:R} snap={s.SnapshotSeconds:R} n={s.Snapshots} tol={s.NewtonTolerance:R} seed={seed} first={first} count={count}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant();
    }

    /// <summary>Loads the dataset from <paramref name="directory"/> if cached, else generates and stores it.</summary>
    public static DiffusionSorptionDataset GetOrGenerate(DiffusionSorptionSettings settings, ulong seed, int first, int count, string? directory = null, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        directory ??= DefaultDirectory;
        string path = Path.Combine(directory, $"diffsorp-{Key(settings, seed, first, count)}.bin");
        if (File.Exists(path))
        {
            var cached = TryRead(path, settings, seed, first, count);
            if (cached is not null) return cached;
        }
        var data = DiffusionSorptionDataset.Generate(settings, seed, first, count, maxThreads);
        Directory.CreateDirectory(directory);
        string tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var w = new BinaryWriter(File.Create(tmp)))
        {
            w.Write(Magic); w.Write(SolverVersion);
            w.Write(settings.Cells); w.Write(settings.Snapshots); w.Write(seed); w.Write(first); w.Write(count);
            foreach (double c in data.InitialValues) w.Write(c);
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Values.AsSpan());
            w.Write(bytes);
        }
        File.Move(tmp, path, overwrite: true);
        return data;
    }

    /// <summary>Reads a cache file; returns null (regenerate) if its header does not match the request or it is truncated.</summary>
    private static DiffusionSorptionDataset? TryRead(string path, DiffusionSorptionSettings s, ulong seed, int first, int count)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadUInt32() != Magic || r.ReadInt32() != SolverVersion || r.ReadInt32() != s.Cells || r.ReadInt32() != s.Snapshots
                || r.ReadUInt64() != seed || r.ReadInt32() != first || r.ReadInt32() != count) return null;
            var cs = new double[count];
            for (int j = 0; j < count; j++) cs[j] = r.ReadDouble();
            var values = new float[(long)count * s.Snapshots * s.Cells];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
            int read = 0;
            while (read < bytes.Length) { int k = r.Read(bytes[read..]); if (k <= 0) return null; read += k; }
            return new DiffusionSorptionDataset(s, seed, first, count, cs, values);
        }
        catch (EndOfStreamException) { return null; }
    }
}
