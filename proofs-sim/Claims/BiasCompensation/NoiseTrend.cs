using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>How EC's advantage over one rival at one ratio moves with the training-noise level η.</summary>
public enum TrendResult { Declines, Flat, Grows }

/// <summary>One rival × ratio: the per-network change of the log relative-L2 gain over the noise range, its replicate mean and result.</summary>
public sealed record Trend(string Rival, double Ratio, TrendResult Result, ReplicateMean Change)
{
    public string Describe() => FormattableString.Invariant($"trend @{Ratio * 100:0}% vs {Rival}: {Result}; change of log(rival/EC rel. L2) from lowest to highest η {Change}");
}

/// <summary>
/// The noise-trend rule of biascomp-diffsorp, fixed before any run (issue 17 item 10): for each rival and verdict ratio,
/// each network seed (the same init and training points at every η, only the noise draw differs) gives its log gain
/// g(η) = log(rival rel. L2 / EC rel. L2) at every noise level; its least-squares slope in η times the η range is that
/// seed's change over the range. The changes go through <see cref="ReplicateMean"/> over seeds: the advantage
/// <b>declines</b> when the change lies stably below 0, <b>grows</b> when stably above, else it is <b>flat</b>.
/// "Robust to noise" holds when no rival × ratio declines; a decline keeps the claim from confirmed.
/// </summary>
public static class NoiseTrend
{
    /// <param name="bySeed">per seed: the noise level and that network's curves (task A main network only).</param>
    public static List<Trend> Of(IReadOnlyList<(int Seed, double Noise, MethodCurve[] Curves)> bySeed, double[] ratios, double[] verdictRatios, IEnumerable<string> rivals)
    {
        var trends = new List<Trend>();
        var seeds = bySeed.GroupBy(t => t.Seed).Where(g => g.Select(t => t.Noise).Distinct().Count() >= 2).ToList();
        if (seeds.Count == 0) return trends;
        foreach (double vr in verdictRatios)
        {
            int r = Array.FindIndex(ratios, x => Math.Abs(x - vr) < 1e-12);
            if (r < 0) continue;
            foreach (string rival in rivals.Where(rv => seeds[0].First().Curves.Any(c => c.Method == rv)))
            {
                var changes = seeds.Select(g =>
                {
                    var pts = g.Select(t => (t.Noise, Gain: Math.Log(Rel(t.Curves, rival, r) / Rel(t.Curves, ReplicateComparison.EcName, r)))).ToList();
                    double mx = pts.Average(p => p.Noise), my = pts.Average(p => p.Gain);
                    double sxx = pts.Sum(p => (p.Noise - mx) * (p.Noise - mx)), sxy = pts.Sum(p => (p.Noise - mx) * (p.Gain - my));
                    return sxy / sxx * (pts.Max(p => p.Noise) - pts.Min(p => p.Noise));
                }).ToList();
                var mean = ReplicateMean.Of(changes);
                var side = mean.SideOf(0);
                trends.Add(new Trend(rival, vr, side == Side.Below ? TrendResult.Declines : side == Side.Above ? TrendResult.Grows : TrendResult.Flat, mean));
            }
        }
        return trends;
    }

    private static double Rel(MethodCurve[] curves, string method, int r) => Math.Max(curves.Single(c => c.Method == method).RelativeL2[r], 1e-300);
}
