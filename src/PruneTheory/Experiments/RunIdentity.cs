namespace PruneTheory.Experiments;

/// <summary>
/// What names a run: the claim, its spec (canonical JSON against the claim's C# defaults) and the seed.
/// The name is "claim-id_" + the first 12 hex digits of SHA-256 over those three.
/// </summary>
public sealed record RunIdentity(string ClaimId, string CanonicalSpec, ulong Seed)
{
    public string Hash => CanonicalJson.Sha256Hex($"{ClaimId}\n{CanonicalSpec}\nseed={Seed}");
    public string Name => $"{ClaimId}_{Hash[..12]}";
}
