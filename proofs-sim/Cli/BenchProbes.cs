namespace PruneTheory.ProofsSim.Cli;

/// <summary>Probes of the domain kernels (GEMM, Gray-code search, subset sums, IHT) registered for `bench`.</summary>
public static class BenchProbes
{
    public static IEnumerable<BenchCommand.Probe> All() => [];
}
