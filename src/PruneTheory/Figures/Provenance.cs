namespace PruneTheory.Figures;

/// <summary>Where a figure came from: the run (name = claim + spec hash), the commit and when it was drawn.</summary>
public sealed record Provenance(string ClaimId, string RunName, string SpecHash, string CanonicalSpec, ulong Seed, string Commit, string Generated)
{
    public IEnumerable<(string Key, string Value)> Lines() =>
    [
        ("claim", ClaimId), ("run", RunName), ("spec_hash", SpecHash), ("spec", CanonicalSpec),
        ("seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("commit", Commit), ("generated", Generated),
        ("tool", "PruneTheory proofs-sim"),
    ];
}
