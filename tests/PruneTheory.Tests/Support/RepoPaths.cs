namespace PruneTheory.Tests.Support;

/// <summary>Test shorthand over <see cref="PruneTheory.IO.RepoPaths"/>: the repository root and ../shared beside it.</summary>
public static class RepoPaths
{
    public static string Root => PruneTheory.IO.RepoPaths.FindRoot() ?? throw new InvalidOperationException("PruneTheory.sln not found");
    public static string Shared => PruneTheory.IO.RepoPaths.SharedDir() ?? throw new InvalidOperationException("PruneTheory.sln not found");
}
