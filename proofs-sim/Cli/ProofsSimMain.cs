using System.CommandLine;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

public static class ProofsSimMain
{
    /// <summary>Parses and runs; bad input gives one line on stderr and exit code 2, with nothing written.</summary>
    public static int Run(string[] args, CancellationToken cancellation)
    {
        ProgressReporter.PlainWhenRedirected();
        var parse = Commands.Build(cancellation).Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {parse.Errors[0].Message}");
            return ExitCodes.BadInput;
        }
        try
        {
            // Our own handlers: exceptions reach the catch below, Ctrl+C reaches our token.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (SpecException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
