using System.CommandLine;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>User-facing tools that act on a user's own network (restore, prune), wired in as they land.</summary>
public static class ToolCommands
{
    public static IEnumerable<Command> Build() => [];
}
