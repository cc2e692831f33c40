namespace PruneTheory.ProofsSim.Cli;

/// <summary>Exit codes of proofs-sim.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;      // a trial or a summary failed at run time
    public const int BadInput = 2;    // bad option or spec: one line on stderr, nothing written
    public const int Interrupted = 130;
}
