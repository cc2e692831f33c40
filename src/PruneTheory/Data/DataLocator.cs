using PruneTheory.IO;

namespace PruneTheory.Data;

/// <summary>
/// Finds data files. Lookup order (first hit wins):
/// 1. the explicit folder (CLI <c>--data DIR</c>);
/// 2. the folder in the environment variable <c>PRUNETHEORY_DATA</c>;
/// 3. <c>data/</c> in the repository (the committed files);
/// 4. <c>/usr/share/datasets</c> (Debian's dataset packages, e.g. dataset-fashion-mnist → /usr/share/datasets/fashion-mnist);
/// 5. <c>../shared/data/</c> beside the repository.
/// In each folder R it tries R/set/file, then R/file, each also without (or with) the ".gz" suffix,
/// since the IDX reader takes raw and gzip files alike.
/// </summary>
public sealed class DataLocator
{
    public const string EnvironmentVariable = "PRUNETHEORY_DATA";
    public const string SystemDatasets = "/usr/share/datasets";

    /// <summary>A place searched: what it is (for messages) and its folder (null when not configured).</summary>
    public sealed record Root(string Label, string? Dir);

    public IReadOnlyList<Root> Roots { get; }

    /// <summary>The standard order; <paramref name="explicitDir"/> is the --data option (null when absent).</summary>
    public DataLocator(string? explicitDir = null)
        : this([
            new Root("--data DIR", explicitDir),
            new Root($"${EnvironmentVariable}", Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : null),
            new Root("data/ in the repository", RepoPaths.RepoDataDir()),
            new Root("system data sets", SystemDatasets),
            new Root("../shared/data beside the repository", RepoPaths.SharedDir() is { } s ? Path.Combine(s, "data") : null),
        ])
    { }

    /// <summary>A custom search order (tests, or tools with their own places).</summary>
    public DataLocator(IReadOnlyList<Root> roots) => Roots = roots;

    /// <summary>Every path tried for <paramref name="file"/>, in order, with the root it belongs to.</summary>
    public IEnumerable<(Root Root, string Path)> Candidates(DataFile file)
    {
        foreach (var root in Roots)
        {
            if (root.Dir is null) continue;
            foreach (string name in NameVariants(file.FileName))
            {
                yield return (root, Path.Combine(root.Dir, file.Set, name));
                yield return (root, Path.Combine(root.Dir, name));
            }
        }
    }

    /// <summary>The first existing candidate, or null.</summary>
    public string? TryFind(DataFile file) =>
        Candidates(file).Select(c => c.Path).FirstOrDefault(File.Exists);

    /// <summary>The first existing candidate; otherwise a <see cref="FileNotFoundException"/> naming the file, the places searched and how to get it.</summary>
    public string Find(DataFile file) => TryFind(file) ?? throw NotFound(file);

    public FileNotFoundException NotFound(DataFile file)
    {
        var lines = new List<string>
        {
            $"Data file {file.RelativePath} ({file.Description}) was not found. Searched, in order:",
        };
        int i = 1;
        foreach (var root in Roots)
        {
            string where = root.Dir is null
                ? "(not set)"
                : string.Join(", ", Candidates(file).Where(c => c.Root == root).Select(c => c.Path));
            lines.Add($"  {i++}. {root.Label}: {where}");
        }
        lines.Add($"To get it: {file.HowToGet}.");
        return new FileNotFoundException(string.Join(Environment.NewLine, lines), file.FileName);
    }

    private static IEnumerable<string> NameVariants(string name) =>
        name.EndsWith(".gz", StringComparison.Ordinal) ? [name, name[..^3]] : [name, name + ".gz"];
}
