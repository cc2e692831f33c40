using System.Diagnostics;

namespace PruneTheory.Experiments;

/// <summary>The commit figures are drawn from (PRUNETHEORY_COMMIT overrides; "unknown" outside a checkout).</summary>
public static class GitInfo
{
    private static readonly Lazy<string> Cached = new(Read);
    public static string Commit => Cached.Value;

    private static string Read()
    {
        if (Environment.GetEnvironmentVariable("PRUNETHEORY_COMMIT") is { Length: > 0 } env) return env;
        try
        {
            var psi = new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            if (p.ExitCode != 0 || output.Length == 0) return "unknown";
            bool dirty = RunQuiet("git", "diff --quiet HEAD") != 0;
            return dirty ? output + "+dirty" : output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static int RunQuiet(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.WaitForExit(5000);
        return p.ExitCode;
    }
}
