using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.Laws.Adapters;

/// <summary>
/// A bias-compensation-family scorer (EC, OBD, magnitude, gradient, random, NonLinear, …) as a kit method:
/// one-shot global selection of ⌊ρn + ½⌋ weights with the scorer's bias update. Calibration targets are
/// the network's outputs plus seeded noise, so gradient-based scores are not degenerate. EC-family
/// scorers report their own objective Σ S over the pruned set against OBD's Σ S⁰ on the same set.
/// </summary>
public sealed class BiasCompensationMethod(string scorer) : IIterativePruningMethod
{
    private static readonly HashSet<string> EcFamily = ["ec", "biascomp", "ec-noupdate"];

    public string Name => "biascomp:" + scorer;
    public Granularity Granularity => Granularity.Weights;
    public bool? NeedsBatchNorm => false;

    public PruneOutcome Prune(LawCase c)
    {
        if (c.Net.Layers.Any(l => l.Bn is not null)) throw new ArgumentException("bias compensation acts on plain MLPs (no batch norm)");
        var net = ToMlp(c.Net);
        var calib = Calibration(net, c);
        var key = RngKey.FromSeed(c.Seed).FoldIn("biascomp-law");
        var (pruned, mask) = PruningMethods.OneShot(net, calib, PruningMethods.Create(scorer, key), c.Ratio);
        long requested = Selection.PruneCount(c.Ratio, net.WeightCount);
        var outcome = new PruneOutcome(FromMlp(pruned), requested, Pruner.Count(mask)) { PrunedWeights = ToMasks(c.Net, mask) };
        if (!EcFamily.Contains(scorer.ToLowerInvariant())) return outcome;
        var own = PruningMethods.Create("ec", key).Score(net, calib).Scores;
        var plain = PruningMethods.Create("obd", key).Score(net, calib).Scores;
        return outcome with { OwnObjective = SumMasked(own, mask), PlainObjective = SumMasked(plain, mask) };
    }

    /// <summary>Spec §4.3 step 7: rescore the pruned net at each cumulative ratio, earlier pruned weights stay pruned.</summary>
    public IReadOnlyList<PruneOutcome> PruneIteratively(LawCase c, IReadOnlyList<double> ratios)
    {
        var net = ToMlp(c.Net);
        var calib = Calibration(net, c);
        var steps = PruningMethods.Iterative(net, calib, PruningMethods.Create(scorer, RngKey.FromSeed(c.Seed).FoldIn("biascomp-law")), ratios);
        return steps.Select((step, t) =>
        {
            var pruned = FromMlp(step);
            // Pruned weights are exactly zero after each step; a weight can also be zero without being pruned, so count
            // against the requested count rather than trusting zeros alone.
            var masks = c.Net.Layers.Select((layer, l) =>
            {
                var m = new bool[layer.Out, layer.In];
                for (int q = 0; q < layer.W.Length; q++) m[q / layer.In, q % layer.In] = step.Weights[l][q] == 0 && c.Net.Layers[l].W[q / layer.In, q % layer.In] != 0;
                return m;
            }).ToArray();
            long achieved = masks.Sum(m => (long)m.Cast<bool>().Count(b => b));
            return new PruneOutcome(pruned, Selection.PruneCount(ratios[t], net.WeightCount), achieved) { PrunedWeights = masks };
        }).ToList();
    }

    private static double SumMasked(double[][] scores, bool[][] mask) =>
        scores.Select((s, l) => s.Where((_, q) => mask[l][q]).Sum()).Sum();

    private static CalibrationSet Calibration(Mlp net, LawCase c)
    {
        int rows = c.Calibration.Length;
        var x = c.Calibration.SelectMany(r => r).ToArray();
        var noise = RngKey.FromSeed(c.Seed).FoldIn("targets").Stream();
        var y = net.Predict(x, rows).Select(v => v + 0.1 * noise.NextGaussian()).ToArray();
        return new CalibrationSet(x, y, rows, net.InputSize, net.OutputSize, CalibrationLoss.HalfSquaredError);
    }

    public static Mlp ToMlp(LawNet net) => new(net.Sizes,
        net.Layers.Select(l => Enumerable.Range(0, l.W.Length).Select(q => l.W[q / l.In, q % l.In]).ToArray()).ToArray(),
        net.Layers.Select(l => (double[])l.B.Clone()).ToArray(), HiddenActivation.Relu);

    public static LawNet FromMlp(Mlp net) => new(Enumerable.Range(0, net.Layers).Select(l =>
    {
        int rows = net.Sizes[l + 1], cols = net.Sizes[l];
        var w = new double[rows, cols];
        for (int q = 0; q < rows * cols; q++) w[q / cols, q % cols] = net.Weights[l][q];
        return new LawLayer(w, (double[])net.Biases[l].Clone());
    }).ToArray());

    private static bool[][,] ToMasks(LawNet net, bool[][] mask) => net.Layers.Select((layer, l) =>
    {
        var m = new bool[layer.Out, layer.In];
        for (int q = 0; q < layer.W.Length; q++) m[q / layer.In, q % layer.In] = mask[l][q];
        return m;
    }).ToArray();
}
