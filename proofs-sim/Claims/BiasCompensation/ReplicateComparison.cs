using System.Globalization;
using System.Text.RegularExpressions;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>How one EC-vs-rival comparison (one group, one ratio) came out over the replicates.</summary>
public enum ComparisonResult { Favours, Against, Unresolved, NotCounted }

/// <summary>
/// One paired comparison: per-replicate differences in EC's favour (rival − EC for loss and relative L2, EC − rival
/// for accuracy), their replicate means, and the result.
/// </summary>
public sealed record Comparison(string Group, double Ratio, string Rival, ComparisonResult Result, ReplicateMean Loss, ReplicateMean? Second, string SecondName)
{
    public string Describe() => FormattableString.Invariant(
        $"{Group} @{Ratio * 100:0}% vs {Rival}: {Result}; loss gain {Loss}") + (Second is { } s ? $"; {SecondName} gain {s}" : "");
}

/// <summary>
/// The bias-compensation verdict rule over replicates (trained networks). Per comparison the replicate is the unit:
/// the per-network paired differences go through <see cref="ReplicateMean"/>, whose side is stable under leaving one
/// network out. EC is favoured when the loss gain AND the second metric's gain (accuracy for classifiers, relative L2
/// for regression, when given) are stably above 0; against when either is stably below 0; else unresolved. A cell where
/// EC and the rival are both no better than a constant predictor (mean over replicates) counts for neither side.
/// </summary>
public static class ReplicateComparison
{
    public const string EcName = "EC";

    /// <param name="replicates">one method-curve set per trained network (same methods, same ratios).</param>
    /// <param name="constant">constant predictor's accuracy (classification) or relative L2 (regression) per replicate; null: no check.</param>
    /// <param name="ecName">the EC curve compared ("EC", or "EC +FT" against fine-tuned rivals).</param>
    public static Comparison EcVersus(string group, IReadOnlyList<MethodCurve[]> replicates, string rival, int r, double ratio,
        Metric second, IReadOnlyList<double>? constant, string ecName = EcName)
    {
        var ec = replicates.Select(t => t.Single(c => c.Method == ecName)).ToList();
        var other = replicates.Select(t => t.Single(c => c.Method == rival)).ToList();
        var loss = ReplicateMean.Of(Replicates.Paired(other.Select(c => c.Loss[r]).ToList(), ec.Select(c => c.Loss[r]).ToList()));
        ReplicateMean? gain2 = second switch
        {
            Metric.Accuracy => ReplicateMean.Of(Replicates.Paired(ec.Select(c => c.Accuracy[r]).ToList(), other.Select(c => c.Accuracy[r]).ToList())),
            Metric.RelativeL2 => ReplicateMean.Of(Replicates.Paired(other.Select(c => c.RelativeL2[r]).ToList(), ec.Select(c => c.RelativeL2[r]).ToList())),
            _ => null,
        };
        string name = second == Metric.Accuracy ? "accuracy" : "relative L2";
        if (constant is { Count: > 0 } && Broken(ec, r, second, constant.Average()) && Broken(other, r, second, constant.Average()))
            return new Comparison(group, ratio, rival, ComparisonResult.NotCounted, loss, gain2, name);
        var sides = new[] { loss.SideOf(0) }.Concat(gain2 is { } g ? [g.SideOf(0)] : []).ToArray();
        var result = sides.Contains(Side.Below) ? ComparisonResult.Against
            : sides.All(s => s == Side.Above) ? ComparisonResult.Favours : ComparisonResult.Unresolved;
        return new Comparison(group, ratio, rival, result, loss, gain2, name);
    }

    /// <summary>No better than the constant predictor on the replicate mean: accuracy ≤ its accuracy, or relative L2 ≥ its relative L2.</summary>
    public static bool Broken(IReadOnlyList<MethodCurve> curves, int r, Metric second, double constant) => second switch
    {
        Metric.Accuracy => curves.Average(c => c.Accuracy[r]) <= constant,
        Metric.RelativeL2 => curves.Average(c => c.RelativeL2[r]) >= constant,
        _ => false,
    };

    /// <summary>Confirmed: ≥ 1 counted comparison and all favour EC; contradicted: any against; else inconclusive.</summary>
    public static (PruneTheory.Experiments.Verdict Verdict, string Reason) Verdict(IReadOnlyList<Comparison> comparisons, string what)
    {
        int fav = comparisons.Count(c => c.Result == ComparisonResult.Favours), against = comparisons.Count(c => c.Result == ComparisonResult.Against);
        int open = comparisons.Count(c => c.Result == ComparisonResult.Unresolved), skipped = comparisons.Count(c => c.Result == ComparisonResult.NotCounted);
        var v = against > 0 ? PruneTheory.Experiments.Verdict.Contradicted
            : fav > 0 && open == 0 ? PruneTheory.Experiments.Verdict.Confirmed : PruneTheory.Experiments.Verdict.Inconclusive;
        string firstAgainst = comparisons.FirstOrDefault(c => c.Result == ComparisonResult.Against)?.Describe() ?? "";
        string reason = $"{what}: {fav} comparisons favour EC, {against} against, {open} unresolved, {skipped} not counted (EC and rival no better than a constant predictor)"
            + (firstAgainst.Length > 0 ? $"; e.g. {firstAgainst}" : "");
        return (v, reason);
    }

    /// <summary>A method name as a metric-key fragment ([A-Za-z0-9_] only).</summary>
    public static string Slug(string name) => Regex.Replace(name, "[^A-Za-z0-9]+", "_").Trim('_');

    public static string Pct(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>The metric judged next to the loss.</summary>
public enum Metric { None, Accuracy, RelativeL2 }
