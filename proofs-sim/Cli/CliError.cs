namespace PruneTheory.ProofsSim.Cli;

/// <summary>Exit codes of proofs-sim (docs/reliability.md). Every failure prints exactly one line on stderr.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;          // a trial or a summary failed at run time, or an unexpected internal error
    public const int BadInput = 2;        // bad option, spec or input file: nothing written
    public const int StoreDamaged = 3;    // damaged or conflicting result store, held run lock, refused merge: store left as it is
    public const int Environment = 4;     // disk full, read-only or unreachable directory, no device
    public const int ExternalProgram = 5; // `laws --exec`: the user's program crashed, timed out or wrote nothing on a valid network
    public const int Interrupted = 130;   // Ctrl+C: finished trials are stored, `resume` continues
}
