using Microsoft.Data.Sqlite;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// The one error path of every command: an exception becomes one line on stderr and its documented exit code.
/// Nothing reaches the runtime's default handler, so no command prints a stack trace; an unexpected error also
/// gets one line, and its trace goes to a file named in that line.
/// </summary>
public static class ErrorPath
{
    public static (int Code, string Line) Classify(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Classify(a.InnerException!),
        SpecException => (ExitCodes.BadInput, $"error: {e.Message}"),
        StoreException => (ExitCodes.StoreDamaged, $"error: {e.Message}"),
        EnvironmentFaultException => (ExitCodes.Environment, $"error: {e.Message}"),
        SqliteException s => Classify(StoreFaults.Translate(s, "the result store")),
        OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
        TrialFailedException t when t.InnerException is EnvironmentFaultException or UnauthorizedAccessException
            || (t.InnerException is IOException io && StoreFaults.IsNoSpace(io)) => (ExitCodes.Environment, $"error: {e.Message}"),
        TrialFailedException => (ExitCodes.Failed, $"error: {e.Message}"),
        IOException or UnauthorizedAccessException when StoreFaults.Classify(e, "a file") is EnvironmentFaultException f => (ExitCodes.Environment, $"error: {f.Message}: {e.Message}"),
        IOException or UnauthorizedAccessException => (ExitCodes.Environment, $"error: {e.Message}"),
        _ => (ExitCodes.Failed, $"internal error: {e.GetType().Name}: {e.Message}{TraceNote(e)}"),
    };

    /// <summary>Prints the one line of <paramref name="e"/> and returns its exit code.</summary>
    public static int Report(Exception e, TextWriter? stderr = null)
    {
        var (code, line) = Classify(e);
        (stderr ?? Console.Error).WriteLine(OneLine(line));
        return code;
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    // The stack trace of an unexpected error is kept for a bug report, out of the way of scripts.
    private static string TraceNote(Exception e)
    {
        try
        {
            string path = Path.Combine(Path.GetTempPath(), $"proofs-sim-error-{Environment.ProcessId}.txt");
            File.WriteAllText(path, e.ToString());
            return $" (details: {path})";
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException) { return ""; }
    }
}
