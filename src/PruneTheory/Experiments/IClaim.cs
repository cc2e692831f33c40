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

    /// <summary>Verdict, metrics and figures from stored trial results only (no re-simulation).</summary>
    ClaimOutcome Summarize(ClaimSpec spec, IReadOnlyList<string> trialPayloads, SummaryContext ctx);
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

    int IClaim.TrialCount(ClaimSpec spec) => TrialCount((TSpec)spec);

    string IClaim.RunTrial(ClaimSpec spec, TrialContext ctx) =>
        JsonSerializer.Serialize(RunTrial((TSpec)spec, ctx), CanonicalJson.Options);

    ClaimOutcome IClaim.Summarize(ClaimSpec spec, IReadOnlyList<string> payloads, SummaryContext ctx) =>
        Summarize((TSpec)spec,
            payloads.Select(p => JsonSerializer.Deserialize<TTrial>(p, CanonicalJson.Options)!).ToList(), ctx);
}
