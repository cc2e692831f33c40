using System.CommandLine;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

public static class ProofsSimMain
{
    /// <summary>
    /// Parses and runs. Every failure gives one line on stderr and a documented exit code (<see cref="ExitCodes"/>):
    /// 2 bad input (nothing written), 3 damaged or conflicting store, 4 environment fault, 1 run-time failure.
    /// </summary>
    public static int Run(string[] args, CancellationToken cancellation)
    {
        ProgressReporter.PlainWhenRedirected();
        try
        {
            var root = Commands.Build(cancellation);
            if (UnknownCommand(root, args) is { } message)
            {
                Console.Error.WriteLine($"error: {message}");
                return ExitCodes.BadInput;
            }
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                Console.Error.WriteLine(ErrorPath.OneLine($"error: {parse.Errors[0].Message}"));
                return ExitCodes.BadInput;
            }
            // Our own handlers: exceptions reach the catch below, Ctrl+C reaches our token.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ErrorPath.Report(e);
        }
    }

    /// <summary>A clear message when the first word is not a command (System.CommandLine would say "Required command was not provided").</summary>
    private static string? UnknownCommand(RootCommand root, string[] args)
    {
        string known = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (args.Length == 0) return $"no command given (commands: {known}); see --help";
        string first = args[0];
        if (first.StartsWith('-')) return null; // --help, --version: System.CommandLine answers
        return root.Subcommands.Any(c => c.Name == first || c.Aliases.Contains(first)) ? null
            : $"unknown command '{first}' (commands: {known}); see --help";
    }
}
