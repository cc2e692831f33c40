using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>
/// The verdict pieces the two trained restoration claims share: paired per-network differences of two methods in
/// one cell, their replicate mean at a Bonferroni-simultaneous level, and its stable side of 0 (leave-one-out).
/// </summary>
internal static class PairedCells
{
    /// <summary>Per-cell confidence so that all <paramref name="cells"/> intervals hold together at <paramref name="confidence"/>.</summary>
    public static double Level(double confidence, int cells) => 1 - (1 - confidence) / cells;

    /// <summary>Replicate mean of a − b over networks (paired: both methods restore the same network).</summary>
    public static ReplicateMean Difference(IEnumerable<double> a, IEnumerable<double> b, double level) =>
        ReplicateMean.Of(Replicates.Paired([.. a], [.. b]), level);

    /// <summary>Mean [CI] in pp with two decimals, for notes.</summary>
    public static string Pp(ReplicateMean m) => FormattableString.Invariant($"{m.Mean:F2} [{m.Ci.Lower:F2}, {m.Ci.Upper:F2}]");

    /// <summary>A normal draw (Box–Muller via the stream), for synthetic trials.</summary>
    public static double Normal(Random.RandomStream rng, double mean, double sd) => mean + sd * rng.NextGaussian();
}
