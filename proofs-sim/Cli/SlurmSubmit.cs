using System.Diagnostics;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>Finds the programs a job script calls on a node (dotnet, the proofs-sim dll) and submits scripts with sbatch.</summary>
public static class SlurmSubmit
{
    /// <summary>The absolute path of a program on PATH, or null.</summary>
    public static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>
    /// The dotnet host running us when it is one (`dotnet proofs-sim.dll`), else the one the SDK names
    /// (DOTNET_HOST_PATH, set under `dotnet run`/`dotnet test`), else dotnet on PATH: always absolute.
    /// </summary>
    public static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        return OnPath("dotnet") ?? throw new SpecException("cannot find the dotnet host (not on PATH, no DOTNET_HOST_PATH): the job scripts need its absolute path");
    }

    /// <summary>The built proofs-sim.dll this process runs.</summary>
    public static string CliDll() => typeof(SlurmSubmit).Assembly.Location;

    /// <summary>Runs `sbatch --parsable [extra] script` and returns the job id; throws with sbatch's own message on failure.</summary>
    public static string Submit(string sbatch, string script, params string[] extra)
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        foreach (var e in extra) psi.ArgumentList.Add(e);
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        string output = stdout.Result.Trim();
        if (p.ExitCode != 0 || output.Length == 0)
        {
            string why = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {p.ExitCode}";
            throw new SubmitFailedException($"sbatch {Path.GetFileName(script)} failed: {why}");
        }
        return output.Split(';')[0]; // --parsable prints "id" or "id;cluster"
    }
}

/// <summary>sbatch refused a script (no controller, a bad partition): exit code 1, the scripts stay written.</summary>
public sealed class SubmitFailedException(string message) : Exception(message);
