using PruneTheory.Random;

namespace PruneTheory.Laws;

/// <summary>The pruning laws of the kit. Each is a property over random cases; tolerances are relative to the output scale.</summary>
public static class PruningLaws
{
    public const double Tolerance = 1e-9;

    public static IReadOnlyList<Law> All { get; } =
    [
        new("identity-at-zero", "pruning 0 % changes nothing: same outputs, nothing removed", _ => true, IdentityAtZero),
        new("sparsity-as-requested", "the removed count equals the requested count, counted independently on the result", _ => true, SparsityAsRequested),
        new("mask-equals-slice", "the sliced network equals the full network with pruned units masked; kept units of the first pruned layer are untouched",
            m => m.Granularity == Granularity.Neurons, MaskEqualsSlice),
        new("permutation-equivariance", "permuting hidden units (as coupling groups) before pruning leaves the pruned function unchanged", _ => true, PermutationEquivariance),
        new("relu-rescaling-invariance", "rescaling a unit by a > 0 (row ×a, outgoing column ×1/a: same function) leaves the pruned function unchanged",
            m => m.NeedsBatchNorm != true, RescalingInvariance),
        new("compensation-not-worse", "the method's own objective after compensation is at most that of plain pruning with the same selection", _ => true, CompensationNotWorse),
        new("monotone-selection", "what is removed at a lower ratio is also removed at a higher one", _ => true, MonotoneSelection),
        new("iterative-masks-nest", "under iterative pruning, every step keeps what earlier steps removed removed, and the ratio is met at each step",
            m => m is IIterativePruningMethod, IterativeMasksNest),
        new("deterministic", "the same case and seed give bit-identical results", _ => true, Deterministic),
        new("refuses-non-finite", "NaN or infinite parameters are refused with an ArgumentException", _ => true, RefusesNonFinite),
    ];

    public static Law Get(string name) => All.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException($"no law named '{name}'");

    private static double[][] Out(LawNet net, LawCase c) => net.Forward(c.Calibration);

    private static LawResult SameFunction(IPruningMethod m, LawNet a, LawNet b, LawCase c, string what)
    {
        double d = NetOps.MaxRelativeDifference(Out(a, c), Out(b, c));
        return LawResult.Check(d <= m.Tolerance, $"{what}: max relative output difference {d:G3} (tolerance {m.Tolerance:G3})");
    }

    private static LawResult IdentityAtZero(IPruningMethod m, LawCase c)
    {
        var o = m.Prune(c with { Ratio = 0 });
        if (o.Achieved != 0) return LawResult.Fail($"removed {o.Achieved} at ratio 0");
        return SameFunction(m, c.Net, o.Pruned, c, "ratio 0");
    }

    private static LawResult SparsityAsRequested(IPruningMethod m, LawCase c)
    {
        var o = m.Prune(c);
        long counted;
        if (m.Granularity == Granularity.Neurons)
            counted = Enumerable.Range(0, c.Net.HiddenLayers).Sum(l => (long)c.Net.Layers[l].Out - o.Pruned.Layers[l].Out);
        else
        {
            if (o.PrunedWeights is null) return LawResult.Fail("a weight method must report its mask");
            counted = 0;
            for (int l = 0; l < o.PrunedWeights.Length; l++)
                foreach (var (i, j) in Cells(o.PrunedWeights[l]))
                {
                    counted++;
                    if (o.Pruned.Layers[l].W[i, j] != 0) return LawResult.Fail($"masked weight ({l},{i},{j}) is {o.Pruned.Layers[l].W[i, j]}, not 0");
                }
        }
        return LawResult.Check(o.Requested == o.Achieved && o.Achieved == counted,
            $"requested {o.Requested}{(o.RequestedRule is { } rule ? $" ({rule})" : "")}, reported achieved {o.Achieved}, counted {counted}");
    }

    private static IEnumerable<(int, int)> Cells(bool[,] mask)
    {
        for (int i = 0; i < mask.GetLength(0); i++) for (int j = 0; j < mask.GetLength(1); j++) if (mask[i, j]) yield return (i, j);
    }

    private static LawResult MaskEqualsSlice(IPruningMethod m, LawCase c)
    {
        var o = m.Prune(c);
        if (o.KeptUnits is not { } kept || kept.Length != c.Net.HiddenLayers) return LawResult.Fail("a neuron method must report the kept units of every hidden layer");
        for (int l = 0; l < kept.Length; l++)
            if (kept[l].Length != o.Pruned.Layers[l].Out || kept[l].Any(k => k < 0 || k >= c.Net.Layers[l].Out) || kept[l].Zip(kept[l].Skip(1)).Any(p => p.First >= p.Second))
                return LawResult.Fail($"layer {l}: kept units [{string.Join(",", kept[l])}] do not match the sliced width {o.Pruned.Layers[l].Out} or are not ascending");
        var first = c.Net.Layers[0];
        var sliced0 = o.Pruned.Layers[0];
        for (int i = 0; i < kept[0].Length; i++)
            for (int j = 0; j < first.In; j++)
                if (sliced0.W[i, j] != first.W[kept[0][i], j] || sliced0.B[i] != first.B[kept[0][i]])
                    return LawResult.Fail($"kept unit {kept[0][i]} of the first pruned layer was changed");
        return SameFunction(m, o.Pruned, Surgery.Unslice(c.Net, o.Pruned, kept), c, "slice vs mask");
    }

    private static LawResult PermutationEquivariance(IPruningMethod m, LawCase c)
    {
        var s = RngKey.FromSeed(c.Seed).FoldIn("permutation").Stream();
        int l = s.NextInt(c.Net.HiddenLayers);
        var perm = s.Permutation(c.Net.Layers[l].Out);
        return SameFunction(m, m.Prune(c).Pruned, m.Prune(c with { Net = c.Net.PermuteUnits(l, perm) }).Pruned, c,
            $"layer {l} permuted by [{string.Join(",", perm)}]");
    }

    private static LawResult RescalingInvariance(IPruningMethod m, LawCase c)
    {
        if (c.Net.Layers.Take(c.Net.HiddenLayers).Any(x => x.Bn is not null)) return LawResult.Pass("BN network: not applicable");
        var s = RngKey.FromSeed(c.Seed).FoldIn("rescale").Stream();
        int l = s.NextInt(c.Net.HiddenLayers), u = s.NextInt(c.Net.Layers[l].Out);
        double a = s.NextDouble() < 0.5 ? 0.25 : 4;
        return SameFunction(m, m.Prune(c).Pruned, m.Prune(c with { Net = c.Net.RescaleUnit(l, u, a) }).Pruned, c,
            $"unit {u} of layer {l} rescaled by {a}");
    }

    private static LawResult CompensationNotWorse(IPruningMethod m, LawCase c)
    {
        var o = m.Prune(c);
        if (o.OwnObjective is not { } own || o.PlainObjective is not { } plain) return LawResult.Pass("no objective reported");
        return LawResult.Check(own <= plain * (1 + 1e-9) + 1e-12, $"own objective {own:G6} vs plain pruning {plain:G6}");
    }

    private static LawResult MonotoneSelection(IPruningMethod m, LawCase c)
    {
        var low = m.Prune(c with { Ratio = c.Ratio / 2 });
        var high = m.Prune(c);
        if (m.Granularity == Granularity.Neurons)
        {
            if (low.KeptUnits is null || high.KeptUnits is null) return LawResult.Fail("a neuron method must report the kept units of every hidden layer");
            for (int l = 0; l < c.Net.HiddenLayers; l++)
                if (!high.KeptUnits![l].All(low.KeptUnits![l].Contains))
                    return LawResult.Fail($"layer {l}: kept at {c.Ratio} [{string.Join(",", high.KeptUnits[l])}] ⊄ kept at {c.Ratio / 2} [{string.Join(",", low.KeptUnits[l])}]");
            return LawResult.Pass();
        }
        if (low.PrunedWeights is null || high.PrunedWeights is null) return LawResult.Fail("a weight method must report its mask");
        for (int l = 0; l < c.Net.Layers.Count; l++)
            foreach (var (i, j) in Cells(low.PrunedWeights[l]))
                if (!high.PrunedWeights[l][i, j]) return LawResult.Fail($"weight ({l},{i},{j}) pruned at {c.Ratio / 2} but kept at {c.Ratio}");
        return LawResult.Pass();
    }

    private static LawResult IterativeMasksNest(IPruningMethod m, LawCase c)
    {
        double[] ratios = [c.Ratio / 3, 2 * c.Ratio / 3, c.Ratio];
        var steps = ((IIterativePruningMethod)m).PruneIteratively(c, ratios);
        for (int t = 0; t < steps.Count; t++)
        {
            if (steps[t].Requested != steps[t].Achieved) return LawResult.Fail($"step {t}: requested {steps[t].Requested}, achieved {steps[t].Achieved}");
            if (t == 0) continue;
            for (int l = 0; l < c.Net.Layers.Count; l++)
                foreach (var (i, j) in Cells(steps[t - 1].PrunedWeights![l]))
                    if (!steps[t].PrunedWeights![l][i, j] || steps[t].Pruned.Layers[l].W[i, j] != 0)
                        return LawResult.Fail($"weight ({l},{i},{j}) pruned at step {t - 1} is back at step {t}");
        }
        return LawResult.Pass($"{steps.Count} nested steps");
    }

    private static LawResult Deterministic(IPruningMethod m, LawCase c)
    {
        var a = m.Prune(c);
        var b = m.Prune(c);
        return LawResult.Check(a.Pruned.ToString() == b.Pruned.ToString() && NetOps.MaxRelativeDifference(Out(a.Pruned, c), Out(b.Pruned, c)) == 0,
            "two runs on the same case");
    }

    private static LawResult RefusesNonFinite(IPruningMethod m, LawCase c)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity })
        {
            var w = (double[,])c.Net.Layers[0].W.Clone();
            w[0, 0] = bad;
            var poisoned = c with { Net = c.Net.WithLayer(0, c.Net.Layers[0] with { W = w }) };
            try
            {
                m.Prune(poisoned);
                return LawResult.Fail($"accepted a weight of {bad}");
            }
            catch (ArgumentException) { }
        }
        return LawResult.Pass();
    }
}
