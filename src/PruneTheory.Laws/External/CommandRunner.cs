using System.Diagnostics;
using System.Text;

namespace PruneTheory.Laws.External;

/// <summary>How one run of an external command ended: its exit code (null on a timeout) and the last line it wrote on stderr.</summary>
public sealed record CommandResult(int? ExitCode, string LastErrorLine)
{
    public bool TimedOut => ExitCode is null;
}

/// <summary>
/// Runs a command line through the shell (/bin/sh -c; cmd /c on Windows) with a wall-clock limit, killing
/// the whole process tree on a timeout. Standard output is drained and dropped; the end of stderr is kept
/// for the one-line report of a failure.
/// </summary>
public static class CommandRunner
{
    /// <summary>Quotes <paramref name="s"/> as one shell word (paths substituted into a user's command).</summary>
    public static string Quote(string s) =>
        OperatingSystem.IsWindows() ? $"\"{s}\"" : "'" + s.Replace("'", "'\\''") + "'";

    public static CommandResult Run(string commandLine, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") : new ProcessStartInfo("/bin/sh");
        if (OperatingSystem.IsWindows()) { info.ArgumentList.Add("/c"); } else { info.ArgumentList.Add("-c"); }
        info.ArgumentList.Add(commandLine);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;

        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) { if (e.Data.Trim().Length > 0) { stderr.Clear().Append(e.Data.Trim()); } }
        };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception ex) { throw new MethodFailedException($"cannot start the shell for '{commandLine}': {ex.Message}"); }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            return new CommandResult(null, Last(stderr));
        }
        process.WaitForExit();   // flushes the asynchronous readers
        return new CommandResult(process.ExitCode, Last(stderr));
    }

    private static string Last(StringBuilder sb) { lock (sb) return sb.ToString(); }
}
