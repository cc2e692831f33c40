namespace PruneTheory.Tests.Support;

/// <summary>Locates the repository root (the folder with PruneTheory.sln) and ../shared beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PruneTheory.sln"))) return d.FullName;
        throw new InvalidOperationException("PruneTheory.sln not found above " + AppContext.BaseDirectory);
    }
}
