using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using PruneTheory.IO;
using PruneTheory.Laws.External;
using Xunit;

namespace PruneTheory.Tests.Laws;

/// <summary>
/// The law kit is a light assembly: `dotnet pack` of it and of the core works, the packages carry no native
/// runtimes, depend only on each other and FsCheck, and the kit's whole restored package closure holds no
/// runtimes/ file and none of the suite's heavy packages.
/// </summary>
public class KitPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly string[] Heavy = ["google.ortools", "ilgpu", "microsoft.data.sqlite", "skiasharp", "scottplot", "mathnet.numerics", "harfbuzzsharp"];

    private static string Root => RepoPaths.FindRoot() ?? throw new InvalidOperationException("not run from a checkout");

    [Fact]
    public void Pack_gives_packages_without_native_runtimes()
    {
        string outDir = Directory.CreateTempSubdirectory("laws-pack-").FullName;
        foreach (var project in new[] { "src/PruneTheory.Core/PruneTheory.Core.csproj", "src/PruneTheory.Laws/PruneTheory.Laws.csproj" })
        {
            // --no-build: the test run has just built both projects in this configuration.
            var run = CommandRunner.Run($"dotnet pack {CommandRunner.Quote(Path.Combine(Root, project))} -c {Configuration} --no-build -o {CommandRunner.Quote(outDir)} -v q -nologo",
                TimeSpan.FromMinutes(5));
            Assert.True(run.ExitCode == 0, $"dotnet pack {project}: exit {run.ExitCode}: {run.LastErrorLine}");
        }
        var deps = new Dictionary<string, string[]>();
        foreach (var nupkg in Directory.GetFiles(outDir, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(nupkg);
            Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("runtimes/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".so", StringComparison.Ordinal) || e.FullName.EndsWith(".dylib", StringComparison.Ordinal));
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspec.Open();
            var xml = XDocument.Load(stream);
            string id = xml.Descendants().First(x => x.Name.LocalName == "id").Value;
            deps[id] = [.. xml.Descendants().Where(x => x.Name.LocalName == "dependency").Select(x => x.Attribute("id")!.Value).Distinct().Order()];
        }
        Assert.Equal(["FsCheck", "PruneTheory.Core"], deps["PruneTheory.Laws"]);
        Assert.Empty(deps["PruneTheory.Core"]);
    }

    [Fact]
    public void The_kits_package_closure_has_no_native_runtimes()
    {
        string assets = Path.Combine(Root, "src", "PruneTheory.Laws", "obj", "project.assets.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = doc.RootElement.GetProperty("libraries").EnumerateObject().ToList();
        Assert.Contains(libraries, l => l.Name.StartsWith("FsCheck/", StringComparison.Ordinal));
        foreach (var lib in libraries)
        {
            Assert.DoesNotContain(Heavy, h => lib.Name.StartsWith(h, StringComparison.OrdinalIgnoreCase));
            if (lib.Value.TryGetProperty("files", out var files))
                Assert.DoesNotContain(files.EnumerateArray(), f => f.GetString()!.StartsWith("runtimes/", StringComparison.OrdinalIgnoreCase));
        }
    }
}
