namespace PruneTheory.IO;

/// <summary>
/// Locates the repository (the folder holding PruneTheory.sln) and the shared/ folder beside it,
/// so that tools and tests find committed data and reference files from any working directory.
/// </summary>
public static class RepoPaths
{
    public const string SolutionFile = "PruneTheory.sln";

    /// <summary>
    /// The nearest folder at or above <paramref name="start"/> (default: the application's base
    /// directory, then the current directory) that holds PruneTheory.sln; null when there is none.
    /// </summary>
    public static string? FindRoot(string? start = null)
    {
        foreach (var origin in start is null ? [AppContext.BaseDirectory, Environment.CurrentDirectory] : new[] { start })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(origin)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }

    /// <summary>The repository's data/ folder, or null outside a checkout.</summary>
    public static string? RepoDataDir(string? start = null) =>
        FindRoot(start) is { } root ? Path.Combine(root, "data") : null;

    /// <summary>The shared/ folder beside the repository (../shared), or null outside a checkout.</summary>
    public static string? SharedDir(string? start = null) =>
        FindRoot(start) is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared")) : null;
}
