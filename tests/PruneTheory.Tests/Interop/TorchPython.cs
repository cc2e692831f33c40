using System.Diagnostics;
using PruneTheory.IO;
using Xunit;

namespace PruneTheory.Tests.Interop;

/// <summary>
/// The Python with PyTorch the round-trip tests use: /usr/bin/python3 (Debian python3-torch, installed by .ci/run),
/// else python3 on PATH; null when neither imports torch.
/// </summary>
public static class TorchPython
{
    private static readonly Lazy<string?> Found = new(() =>
        new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => TryRun(p, ["-c", "import torch, numpy"], 120, out _) == 0));

    public static string? Path => Found.Value;

    public static string Script => System.IO.Path.Combine(RepoPaths.FindRoot() ?? throw new InvalidOperationException("repository root not found"),
        "tests", "PruneTheory.Tests", "Interop", "roundtrip.py");

    /// <summary>Runs the round-trip script; throws with its stderr when it fails.</summary>
    public static string Run(params string[] args)
    {
        int code = TryRun(Path ?? throw new InvalidOperationException("no python3 with torch"), [Script, .. args], 900, out var output);
        if (code != 0) throw new InvalidOperationException($"roundtrip.py {string.Join(' ', args)} exited {code}: {output}");
        return output;
    }

    private static int TryRun(string exe, string[] args, int timeoutSeconds, out string output)
    {
        try
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(true); output = "timed out"; return -1; }
            output = stdout.Result + stderr.Result;
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e) { output = e.Message; return -1; }
    }
}

/// <summary>A fact that skips, with the reason, where no python3 imports torch and numpy.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (TorchPython.Path is null) Skip = "needs python3 with torch and numpy (Debian: apt-get install python3-torch python3-numpy)";
    }
}
