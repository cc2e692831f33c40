using System.Globalization;
using System.Text;

namespace PruneTheory.Laws;

/// <summary>Batch-norm parameters of a layer (inference form): γ(z − μ)/√(ν + ε) + β.</summary>
public sealed record BnParams(double[] Gamma, double[] Beta, double[] Mean, double[] Var, double Eps = 1e-5)
{
    public BnParams Select(IReadOnlyList<int> units) =>
        new(units.Select(u => Gamma[u]).ToArray(), units.Select(u => Beta[u]).ToArray(),
            units.Select(u => Mean[u]).ToArray(), units.Select(u => Var[u]).ToArray(), Eps);
}

/// <summary>One layer z = W·a + b (W is out × in), optionally followed by batch norm; ReLU after every hidden layer.</summary>
public sealed record LawLayer(double[,] W, double[] B, BnParams? Bn = null)
{
    public int Out => W.GetLength(0);
    public int In => W.GetLength(1);
}

/// <summary>
/// The kit's network: a ReLU MLP in float64 (hidden layers optionally with batch norm, a dense+BN layer
/// being a 1×1 convolution with BN), linear read-out. Small, explicit and printable, so a failing law
/// shows its counter-example in full.
/// </summary>
public sealed class LawNet
{
    public IReadOnlyList<LawLayer> Layers { get; }

    public LawNet(IReadOnlyList<LawLayer> layers)
    {
        if (layers.Count < 1) throw new ArgumentException("a network needs at least one layer");
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l].B.Length != layers[l].Out) throw new ArgumentException($"layer {l}: {layers[l].B.Length} biases for {layers[l].Out} units");
            if (l > 0 && layers[l].In != layers[l - 1].Out)
                throw new ArgumentException($"layer {l} takes {layers[l].In} inputs but layer {l - 1} has {layers[l - 1].Out} units");
        }
        Layers = layers;
    }

    public int InputSize => Layers[0].In;
    public int OutputSize => Layers[^1].Out;
    public int HiddenLayers => Layers.Count - 1;
    public int[] Sizes => [InputSize, .. Layers.Select(l => l.Out)];
    public long WeightCount => Layers.Sum(l => (long)l.W.Length);

    /// <summary>Outputs for each row of <paramref name="x"/>. O(rows · weights).</summary>
    public double[][] Forward(IReadOnlyList<double[]> x) => x.Select(Forward).ToArray();

    public double[] Forward(double[] x)
    {
        var a = x;
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var z = new double[layer.Out];
            for (int i = 0; i < layer.Out; i++)
            {
                double s = layer.B[i];
                for (int j = 0; j < layer.In; j++) s += layer.W[i, j] * a[j];
                if (layer.Bn is { } bn) s = bn.Gamma[i] * (s - bn.Mean[i]) / Math.Sqrt(bn.Var[i] + bn.Eps) + bn.Beta[i];
                z[i] = l < Layers.Count - 1 ? Math.Max(0, s) : s;
            }
            a = z;
        }
        return a;
    }

    public LawNet WithLayer(int l, LawLayer layer) => WithLayers((l, layer));

    /// <summary>Copy with <paramref name="f"/> applied to every weight, bias and BN parameter (not ε).</summary>
    public LawNet Map(Func<double, double> f) => new(Layers.Select(l =>
    {
        var w = new double[l.Out, l.In];
        for (int i = 0; i < l.Out; i++) for (int j = 0; j < l.In; j++) w[i, j] = f(l.W[i, j]);
        var bn = l.Bn is { } p ? p with { Gamma = [.. p.Gamma.Select(f)], Beta = [.. p.Beta.Select(f)], Mean = [.. p.Mean.Select(f)], Var = [.. p.Var.Select(f)] } : null;
        return new LawLayer(w, [.. l.B.Select(f)], bn);
    }).ToArray());

    /// <summary>Replaces several layers at once (a coupling group changes two layers together).</summary>
    public LawNet WithLayers(params (int Index, LawLayer Layer)[] changes)
    {
        var layers = Layers.ToArray();
        foreach (var (l, layer) in changes) layers[l] = layer;
        return new LawNet(layers);
    }

    /// <summary>Copy with the hidden units of layer l permuted: unit perm[k] becomes unit k (a coupling group moves whole).</summary>
    public LawNet PermuteUnits(int l, int[] perm)
    {
        var cur = Layers[l];
        var rows = NetOps.SelectRows(cur.W, perm);
        var layer = new LawLayer(rows, perm.Select(p => cur.B[p]).ToArray(), cur.Bn?.Select(perm));
        var next = Layers[l + 1];
        return WithLayers((l, layer), (l + 1, next with { W = NetOps.SelectColumns(next.W, perm) }));
    }

    /// <summary>Positive rescaling of unit u of hidden layer l (row and bias × a, outgoing column × 1/a): same function (ReLU is 1-homogeneous).</summary>
    public LawNet RescaleUnit(int l, int u, double a)
    {
        if (Layers[l].Bn is not null) throw new InvalidOperationException("rescaling a unit with batch norm changes its statistics");
        var w = (double[,])Layers[l].W.Clone();
        var b = (double[])Layers[l].B.Clone();
        for (int j = 0; j < w.GetLength(1); j++) w[u, j] *= a;
        b[u] *= a;
        var v = (double[,])Layers[l + 1].W.Clone();
        for (int i = 0; i < v.GetLength(0); i++) v[i, u] /= a;
        return WithLayers((l, new LawLayer(w, b)), (l + 1, Layers[l + 1] with { W = v }));
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"LawNet {string.Join("-", Sizes)}");
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            sb.Append($"\n  layer {l}: W = {NetOps.Format(layer.W)}, b = [{string.Join(", ", layer.B.Select(NetOps.Format))}]");
            if (layer.Bn is { } bn)
                sb.Append($", BN γ=[{string.Join(", ", bn.Gamma.Select(NetOps.Format))}] β=[{string.Join(", ", bn.Beta.Select(NetOps.Format))}] μ=[{string.Join(", ", bn.Mean.Select(NetOps.Format))}] ν=[{string.Join(", ", bn.Var.Select(NetOps.Format))}]");
        }
        return sb.ToString();
    }
}

/// <summary>Small matrix helpers of the kit.</summary>
public static class NetOps
{
    public static double[,] SelectRows(double[,] w, IReadOnlyList<int> rows)
    {
        var r = new double[rows.Count, w.GetLength(1)];
        for (int i = 0; i < rows.Count; i++) for (int j = 0; j < w.GetLength(1); j++) r[i, j] = w[rows[i], j];
        return r;
    }

    public static double[,] SelectColumns(double[,] w, IReadOnlyList<int> cols)
    {
        var r = new double[w.GetLength(0), cols.Count];
        for (int i = 0; i < w.GetLength(0); i++) for (int j = 0; j < cols.Count; j++) r[i, j] = w[i, cols[j]];
        return r;
    }

    public static double Norm(IReadOnlyList<double> v) => Math.Sqrt(v.Sum(x => x * x));

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double na = Norm(a), nb = Norm(b);
        return na == 0 || nb == 0 ? 0 : a.Zip(b, (x, y) => x * y).Sum() / (na * nb);
    }

    /// <summary>Row i of a layer with its bias appended: ŵ = [w_i; b_i].</summary>
    public static double[] RowWithBias(LawLayer layer, int i) =>
        [.. Enumerable.Range(0, layer.In).Select(j => layer.W[i, j]), layer.B[i]];

    public static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    public static string Format(double[,] w) =>
        "[" + string.Join("; ", Enumerable.Range(0, w.GetLength(0)).Select(i =>
            string.Join(" ", Enumerable.Range(0, w.GetLength(1)).Select(j => Format(w[i, j]))))) + "]";

    /// <summary>Largest |a − b| relative to 1 + max |a|: the kit's measure of "the same function".</summary>
    public static double MaxRelativeDifference(double[][] a, double[][] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double scale = 1, diff = 0;
        for (int r = 0; r < a.Length; r++)
        {
            if (a[r].Length != b[r].Length) return double.PositiveInfinity;
            for (int k = 0; k < a[r].Length; k++)
            {
                scale = Math.Max(scale, Math.Abs(a[r][k]));
                double d = Math.Abs(a[r][k] - b[r][k]);
                diff = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(diff, d);
            }
        }
        return diff / scale;
    }
}
