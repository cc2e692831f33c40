namespace PruneTheory.Restoration;

/// <summary>Kept count m from n neurons at pruning ratio r (spec §3.2). O(1).</summary>
public static class KeepCount
{
    /// <summary>n·(1−r) in IEEE double, then half-to-even (Python round) or floor; at least 1 neuron is kept.</summary>
    public static int Kept(int n, double ratio, KeepCountRule rule)
    {
        if (n <= 0) throw new ArgumentException($"neuron count must be > 0 (got {n})");
        if (!(ratio >= 0 && ratio < 1)) throw new ArgumentException($"pruning ratio must lie in [0, 1) (got {ratio})");
        double raw = n * (1 - ratio);
        int m = rule == KeepCountRule.Round ? (int)Math.Round(raw, MidpointRounding.ToEven) : (int)Math.Floor(raw);
        return Math.Clamp(m, 1, n);
    }

    /// <summary>The spec's default rule: Round for FC layers (no BN), Floor for conv/BN layers.</summary>
    public static KeepCountRule DefaultRule(bool convOrBn) => convOrBn ? KeepCountRule.Floor : KeepCountRule.Round;
}
