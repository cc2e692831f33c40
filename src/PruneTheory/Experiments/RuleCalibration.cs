using PruneTheory.Figures;
using PruneTheory.Random;

namespace PruneTheory.Experiments;

/// <summary>Measured error rates of a claim's verdict rule on synthetic payloads at one spec.</summary>
public sealed record CalibrationResult(string ClaimId, Scale Scale, int Runs,
    double FalseConfirm, double FalseContradict, double ConfirmWhenHolds, double ContradictWhenFails, string Scope)
{
    /// <summary>Both error rates within <paramref name="limit"/>.</summary>
    public bool Within(double limit) => FalseConfirm <= limit && FalseContradict <= limit;
}

/// <summary>
/// Calibrates a verdict rule: the claim's Summarize (a pure function of stored payloads, scope applied) is run
/// on payloads drawn from a world where the claim holds and one where it fails. False confirm = "confirmed"
/// in the failing world; false contradict = "contradicted" in the holding world. Figures are not drawn.
/// </summary>
public static class RuleCalibration
{
    public const double Limit = 0.05;

    /// <returns>null when the claim declares its rule not calibratable (see <see cref="IClaim.CalibrationExemption"/>).</returns>
    public static CalibrationResult? Measure(IClaim claim, Scale scale, int runs = 200, ulong seed = 0)
    {
        if (claim.CalibrationExemption is not null) return null;
        var spec = claim.Preset(scale);
        var identity = new RunIdentity(claim.Id, CanonicalJson.Of(spec, claim.DefaultSpec()), seed);
        var key = RngKey.FromSeed(seed).FoldIn("rule-calibration").FoldIn(claim.Id).FoldIn(scale.ToString());
        int falseConfirm = 0, falseContradict = 0, confirmHolds = 0, contradictFails = 0;
        for (int r = 0; r < runs; r++)
        {
            foreach (bool holds in new[] { true, false })
            {
                var payloads = claim.SyntheticPayloads(spec, holds, key.FoldIn((ulong)r).FoldIn(holds ? "holds" : "fails").Stream())
                    ?? throw new InvalidOperationException($"{claim.Id} gives no synthetic payloads and no calibration exemption");
                var writer = FigureWriter.Dry(new Provenance(claim.Id, identity.Name, identity.Hash, identity.CanonicalSpec, seed, "calibration", "calibration"));
                var v = claim.Summarize(spec, payloads, new SummaryContext(identity, scale, writer)).Verdict;
                if (holds) { if (v == Verdict.Contradicted) falseContradict++; if (v == Verdict.Confirmed) confirmHolds++; }
                else { if (v == Verdict.Confirmed) falseConfirm++; if (v == Verdict.Contradicted) contradictFails++; }
            }
        }
        double Rate(int k) => (double)k / runs;
        return new CalibrationResult(claim.Id, scale, runs, Rate(falseConfirm), Rate(falseContradict), Rate(confirmHolds),
            Rate(contradictFails), claim.ScopeOf(spec).Kind);
    }
}
