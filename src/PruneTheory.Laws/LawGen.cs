using FsCheck;
using FsCheck.Fluent;

namespace PruneTheory.Laws;

/// <summary>What networks the generators draw: depth, widths, and whether hidden layers carry batch norm.</summary>
public sealed record NetShape(int MinHidden = 1, int MaxHidden = 2, int MinWidth = 2, int MaxWidth = 6, int MaxInput = 4, int MaxOutput = 3, bool BatchNorm = false)
{
    public static NetShape Dense { get; } = new();
    public static NetShape DenseBn { get; } = new(BatchNorm: true);
}

/// <summary>
/// FsCheck generators and shrinkers for the suite's objects: random ReLU networks (dense, and dense+BN
/// standing for 1×1 conv+BN), calibration batches, ratios, weight masks and whole pruning cases.
/// Weights are continuous Gaussians, so criterion ties have probability zero.
/// </summary>
public static class LawGen
{
    private static Gen<double> Normal(double scale = 1) =>
        Gen.Choose(0, int.MaxValue - 1).Two().Select(t =>
        {
            double u1 = (t.Item1 + 1.0) / int.MaxValue, u2 = t.Item2 / (double)int.MaxValue;
            return scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        });

    private static Gen<double[]> Vector(int n, Gen<double> g) => Gen.ArrayOf(g, n);

    private static Gen<double[,]> Matrix(int rows, int cols, double scale) =>
        Gen.ArrayOf(Normal(scale), rows * cols).Select(v =>
        {
            var m = new double[rows, cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = v[i * cols + j];
            return m;
        });

    private static Gen<BnParams> Bn(int n) =>
        from gamma in Vector(n, Normal().Select(g => (Math.Abs(g) + 0.2) * Math.Sign(g + 1e-300)))
        from beta in Vector(n, Normal(0.5))
        from mean in Vector(n, Normal(0.5))
        from var in Vector(n, Normal().Select(g => 0.2 + g * g))
        select new BnParams(gamma, beta, mean, var);

    private static Gen<LawLayer> Layer(int fanIn, int fanOut, bool bn) =>
        from w in Matrix(fanOut, fanIn, 1 / Math.Sqrt(fanIn))
        from b in Vector(fanOut, Normal(0.3))
        from p in bn ? Bn(fanOut).Select(x => (BnParams?)x) : Gen.Constant<BnParams?>(null)
        select new LawLayer(w, bn ? new double[fanOut] : b, p);

    public static Gen<LawNet> Net(NetShape shape) =>
        from hidden in Gen.Choose(shape.MinHidden, shape.MaxHidden)
        from input in Gen.Choose(1, shape.MaxInput)
        from output in Gen.Choose(1, shape.MaxOutput)
        from widths in Gen.ArrayOf(Gen.Choose(shape.MinWidth, shape.MaxWidth), hidden)
        from layers in Gen.CollectToArray(Enumerable.Range(0, hidden + 1).Select(l =>
            Layer(l == 0 ? input : widths[l - 1], l == hidden ? output : widths[l], shape.BatchNorm && l < hidden)))
        select new LawNet(layers);

    public static Gen<double[][]> Calibration(int inputs, int minRows = 8, int maxRows = 24) =>
        Gen.Choose(minRows, maxRows).SelectMany(n => Gen.ArrayOf(Vector(inputs, Normal()), n));

    /// <summary>Ratios on a grid that avoids rounding boundaries for small widths.</summary>
    public static Gen<double> Ratio => Gen.Elements(0.2, 0.3, 0.4, 0.5, 0.6, 0.7);

    public static Gen<LawCase> Case(NetShape shape) =>
        from net in Net(shape)
        from calib in Calibration(net.InputSize)
        from ratio in Ratio
        from seed in Gen.Choose(0, int.MaxValue).Select(s => (ulong)s)
        select new LawCase(net, calib, ratio, seed);

    /// <summary>A random mask of pruned weights for every layer with the given fraction pruned (rounded).</summary>
    public static Gen<bool[][,]> Mask(LawNet net, double ratio) =>
        Gen.CollectToArray(net.Layers.Select(layer =>
            Gen.Shuffle(Enumerable.Range(0, layer.W.Length).ToArray()).Select(order =>
            {
                var m = new bool[layer.Out, layer.In];
                int k = (int)Math.Round(ratio * layer.W.Length, MidpointRounding.AwayFromZero);
                foreach (int idx in order.Take(k)) m[idx / layer.In, idx % layer.In] = true;
                return m;
            })));

    /// <summary>Arbitrary pruning cases with shrinking toward small, readable counter-examples.</summary>
    public static Arbitrary<LawCase> Cases(NetShape shape) => Arb.From(Case(shape), c => Shrink(c, shape));

    /// <summary>Shrinks: fewer units, fewer calibration rows, rounded weights, ratio ½.</summary>
    public static IEnumerable<LawCase> Shrink(LawCase c, NetShape shape)
    {
        for (int l = 0; l < c.Net.HiddenLayers; l++)
            if (c.Net.Layers[l].Out > shape.MinWidth)
                for (int u = 0; u < c.Net.Layers[l].Out; u++)
                    yield return c with { Net = Surgery.SliceUnits(c.Net, l, Enumerable.Range(0, c.Net.Layers[l].Out).Where(k => k != u).ToArray()) };
        if (c.Calibration.Length > 4) yield return c with { Calibration = c.Calibration.Take(c.Calibration.Length / 2).ToArray() };
        var rounded = Round(c.Net);
        if (rounded.ToString() != c.Net.ToString()) yield return c with { Net = rounded };
        if (c.Ratio != 0.5) yield return c with { Ratio = 0.5 };
    }

    private static LawNet Round(LawNet net) => new(net.Layers.Select(l =>
    {
        var w = (double[,])l.W.Clone();
        for (int i = 0; i < l.Out; i++) for (int j = 0; j < l.In; j++) w[i, j] = Math.Round(w[i, j], 1);
        return l with { W = w, B = l.B.Select(b => Math.Round(b, 1)).ToArray() };
    }).ToArray());
}
