using PruneTheory.IO;
using PruneTheory.Laws.External;
using Xunit;

namespace PruneTheory.Tests.Laws.External;

/// <summary>A fact that runs the sample Python pruners: skipped, with a one-line reason, only where no python3 has numpy.</summary>
public sealed class PythonNumpyFactAttribute : FactAttribute
{
    public PythonNumpyFactAttribute()
    {
        if (PythonNumpy.Interpreter is null) Skip = $"no python3 with numpy here (tried {string.Join(", ", PythonNumpy.Candidates)})";
    }
}

public static class PythonNumpy
{
    /// <summary>Debian's interpreter first: a pyenv shim named python3 may lack numpy.</summary>
    public static readonly string[] Candidates = ["/usr/bin/python3", "python3"];

    private static readonly Lazy<string?> Found = new(() =>
        Candidates.FirstOrDefault(p => CommandRunner.Run($"{p} -c 'import numpy'", TimeSpan.FromSeconds(120)).ExitCode == 0));

    public static string? Interpreter => Found.Value;

    /// <summary>The folder of the sample pruners (this file's folder in the checkout).</summary>
    public static string Folder => Path.Combine(RepoPaths.FindRoot() ?? throw new InvalidOperationException("not run from a checkout"),
        "tests", "PruneTheory.Tests", "Laws", "External");

    /// <summary>The laws --exec command line of one of the sample scripts.</summary>
    public static string Command(string script) =>
        $"{Interpreter} {CommandRunner.Quote(Path.Combine(Folder, script))} {{in}} {{out}} {{ratio}}";
}
