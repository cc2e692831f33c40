using PruneTheory.IO;
using Xunit;

namespace PruneTheory.Tests.Data;

/// <summary>
/// Files from the shared/ folder beside the repository (reference weights, full data sets). They are
/// never committed, so tests that need them are skipped, with the reason, where shared/ is absent.
/// PRUNETHEORY_SHARED overrides the location (useful in a git worktree, whose ../shared differs).
/// </summary>
public static class SharedFiles
{
    public static string? Dir =>
        Environment.GetEnvironmentVariable("PRUNETHEORY_SHARED") is { Length: > 0 } env ? env : RepoPaths.SharedDir();

    /// <summary>Full path of shared/<paramref name="relative"/> if that file exists, else null.</summary>
    public static string? Find(string relative) =>
        Dir is { } d && File.Exists(Path.Combine(d, relative)) ? Path.Combine(d, relative) : null;

    public static string Require(string relative) =>
        Find(relative) ?? throw new InvalidOperationException($"shared/{relative} is missing (test should have been skipped)");
}

/// <summary>A fact that is skipped, saying why, when shared/<c>relativePath</c> is absent.</summary>
public sealed class SharedFileFactAttribute : FactAttribute
{
    public SharedFileFactAttribute(params string[] relativePaths)
    {
        var missing = relativePaths.Where(p => SharedFiles.Find(p) is null).ToList();
        if (missing.Count > 0)
            Skip = $"needs shared/{string.Join(", shared/", missing)} beside the repository " +
                   $"(looked in {SharedFiles.Dir ?? "<no repository found>"}; set PRUNETHEORY_SHARED to override)";
    }
}
