using System.Text.Json;

namespace PruneTheory.Experiments;

/// <summary>
/// A verified claim: its statement in words, a typed spec, independent trials, and a verdict rule
/// applied to stored trial results (which also draws the claim's figures).
/// </summary>
public interface IClaim
{
    string Id { get; }
    string Title { get; }

    /// <summary>The claim in words, with its source.</summary>
    string Statement { get; }

    Type SpecType { get; }
    ClaimSpec DefaultSpec();
    ClaimSpec Preset(Scale scale);
    int TrialCount(ClaimSpec spec);

    /// <summary>Runs trial <c>ctx.TrialIndex</c>; returns its result as canonical JSON.</summary>
    string RunTrial(ClaimSpec spec, TrialContext ctx);

    /// <summary>Reads every payload as this claim's trial record; a <see cref="System.Text.Json.JsonException"/> names the first that does not parse.</summary>
    void CheckPayloads(IReadOnlyList<string> trialPayloads);

    /// <summary>Verdict, metrics and figures from stored trial results only (no re-simulation), with its scope applied.</summary>
    ClaimOutcome Summarize(ClaimSpec spec, IReadOnlyList<string> trialPayloads, SummaryContext ctx);

    /// <summary>The regime of the paper's statement and the one <paramref name="spec"/> reaches.</summary>
    Scope ScopeOf(ClaimSpec spec);

    /// <summary>The independent unit of randomness the verdict's intervals run over (a trained network, a planted instance, …).</summary>
    string ReplicateUnit { get; }

    /// <summary>The verdict rule in words, including its stability rule.</summary>
    string Rule { get; }

    /// <summary>
    /// Synthetic trial payloads for <paramref name="spec"/> from a world where the claim holds
    /// (<paramref name="claimHolds"/>) or fails, at the rule's design point; null when the rule cannot be
    /// calibrated this way (<see cref="CalibrationExemption"/> says why).
    /// </summary>
    IReadOnlyList<string>? SyntheticPayloads(ClaimSpec spec, bool claimHolds, Random.RandomStream rng);

    /// <summary>Why the rule is not calibrated on synthetic payloads (exact computations, say); null when it is.</summary>
    string? CalibrationExemption { get; }
}

/// <summary>Typed base: subclasses work with their own spec and trial-result records.</summary>
public abstract class Claim<TSpec, TTrial> : IClaim where TSpec : ClaimSpec, new()
{
    public abstract string Id { get; }
    public abstract string Title { get; }
    public abstract string Statement { get; }

    public Type SpecType => typeof(TSpec);
    public ClaimSpec DefaultSpec() => new TSpec();

    /// <summary>The quick scale is the record's defaults; override for the paper scale.</summary>
    public virtual TSpec PresetFor(Scale scale) => new();
    public ClaimSpec Preset(Scale scale) => PresetFor(scale);

    public abstract int TrialCount(TSpec spec);
    public abstract TTrial RunTrial(TSpec spec, TrialContext ctx);
    public abstract ClaimOutcome Summarize(TSpec spec, IReadOnlyList<TTrial> trials, SummaryContext ctx);

    /// <summary>
    /// The regime the paper states the claim in, in words. Default: the paper preset's fields. Override when the
    /// statement's regime is not a preset (an asymptotic claim: the ε range it needs).
    /// </summary>
    public virtual string PaperRegime => Scope.Describe(PresetFor(Scale.Paper));

    /// <summary>
    /// Default: the run covers the statement when its spec equals the paper preset; every other field value is
    /// a reduction. Override where a reduction does not matter for the statement (say why there).
    /// </summary>
    public virtual Scope ScopeOf(TSpec spec)
    {
        var diffs = Scope.Differences(spec, PresetFor(Scale.Paper)).Concat(StandingReductions).ToList();
        return new Scope(PaperRegime, Scope.Describe(spec), diffs, diffs.Count == 0);
    }

    /// <summary>Reductions that no preset removes (the paper's data is not available here, say): with any, no run covers the statement.</summary>
    public virtual IReadOnlyList<string> StandingReductions => [];

    /// <summary>Synthetic trials from a world where the claim holds or fails (see <see cref="IClaim.SyntheticPayloads"/>).</summary>
    public virtual IReadOnlyList<TTrial>? SyntheticTrials(TSpec spec, bool claimHolds, Random.RandomStream rng) => null;

    public virtual string? CalibrationExemption => null;

    public const string NotStated = "not stated";
    public virtual string ReplicateUnit => NotStated;
    public virtual string Rule => NotStated;

    int IClaim.TrialCount(ClaimSpec spec) => TrialCount((TSpec)spec);

    string IClaim.RunTrial(ClaimSpec spec, TrialContext ctx) =>
        JsonSerializer.Serialize(RunTrial((TSpec)spec, ctx), CanonicalJson.Options);

    ClaimOutcome IClaim.Summarize(ClaimSpec spec, IReadOnlyList<string> payloads, SummaryContext ctx) =>
        ScopeOf((TSpec)spec).Apply(Summarize((TSpec)spec,
            payloads.Select(p => JsonSerializer.Deserialize<TTrial>(p, CanonicalJson.Options)!).ToList(), ctx));

    Scope IClaim.ScopeOf(ClaimSpec spec) => ScopeOf((TSpec)spec);

    void IClaim.CheckPayloads(IReadOnlyList<string> payloads)
    {
        foreach (var p in payloads) _ = JsonSerializer.Deserialize<TTrial>(p, CanonicalJson.Options) ?? throw new JsonException("a null row");
    }

    IReadOnlyList<string>? IClaim.SyntheticPayloads(ClaimSpec spec, bool claimHolds, Random.RandomStream rng) =>
        SyntheticTrials((TSpec)spec, claimHolds, rng)?.Select(t => JsonSerializer.Serialize(t, CanonicalJson.Options)).ToList();
}
