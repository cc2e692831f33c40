using FsCheck;
using FsCheck.Fluent;

namespace PruneTheory.Laws;

/// <summary>
/// What networks the generators draw: depth, widths, whether hidden layers carry batch norm, and whether every
/// parameter and calibration value is a float32 number (for programs that read and write float32 files).
/// </summary>
public sealed record NetShape(int MinHidden = 1, int MaxHidden = 2, int MinWidth = 2, int MaxWidth = 6, int MaxInput = 4, int MaxOutput = 3,
    bool BatchNorm = false, bool Float32 = false)
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
        select Fit(new LawCase(net, calib, ratio, seed), shape);

    /// <summary>The case as the shape's precision holds it: every value rounded to float32 when <see cref="NetShape.Float32"/>.</summary>
    public static LawCase Fit(LawCase c, NetShape shape) => shape.Float32 ? c.Map(x => (float)x) : c;

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

    /// <summary>
    /// Shrinks toward the smallest failing network: fewer hidden layers, fewer units, fewer inputs and outputs,
    /// fewer calibration rows, weights rounded to one decimal (never to 0, so a zero still means "pruned"), ratio ½.
    /// </summary>
    public static IEnumerable<LawCase> Shrink(LawCase c, NetShape shape) => ShrinkRaw(c, shape).Select(s => Fit(s, shape));

    private static IEnumerable<LawCase> ShrinkRaw(LawCase c, NetShape shape)
    {
        var net = c.Net;
        if (net.HiddenLayers > shape.MinHidden)
            for (int l = 0; l < net.HiddenLayers; l++) yield return c with { Net = Surgery.DropHiddenLayer(net, l) };
        for (int l = 0; l < net.HiddenLayers; l++)
            if (net.Layers[l].Out > shape.MinWidth)
                for (int u = 0; u < net.Layers[l].Out; u++)
                    yield return c with { Net = Surgery.SliceUnits(net, l, Enumerable.Range(0, net.Layers[l].Out).Where(k => k != u).ToArray()) };
        if (net.InputSize > 1)
            for (int j = 0; j < net.InputSize; j++)
                yield return c with { Net = Surgery.DropInput(net, j), Calibration = c.Calibration.Select(r => r.Where((_, k) => k != j).ToArray()).ToArray() };
        if (net.OutputSize > 1)
            for (int i = 0; i < net.OutputSize; i++) yield return c with { Net = Surgery.DropOutput(net, i) };
        if (c.Calibration.Length > 4) yield return c with { Calibration = c.Calibration.Take(c.Calibration.Length / 2).ToArray() };
        var rounded = Round(net);
        if (rounded.ToString() != net.ToString()) yield return c with { Net = rounded };
        if (c.Ratio != 0.5) yield return c with { Ratio = 0.5 };
    }

    private static LawNet Round(LawNet net) => new(net.Layers.Select(l =>
    {
        var w = (double[,])l.W.Clone();
        for (int i = 0; i < l.Out; i++) for (int j = 0; j < l.In; j++) w[i, j] = RoundAwayFromZero(w[i, j]);
        return l with { W = w, B = l.B.Select(b => Math.Round(b, 1)).ToArray() };
    }).ToArray());

    // A weight rounded to 0 would look pruned to a program that reports zeros instead of masks.
    private static double RoundAwayFromZero(double x) => x == 0 ? 0 : Math.Round(x, 1) is var r && r != 0 ? r : 0.1 * Math.Sign(x);
}
