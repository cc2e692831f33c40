using System.Globalization;
using PruneTheory.IO;
using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// One AIHT step (step size, streamed gradient step with top-s, 10 accelerated steps) at n = 50,000, d = 100,
/// m = 10, s = 500, fixed gates, from a steady-state support; ours (which also computes the step's prediction and
/// PSNR) vs a NumPy port of the official AIHT_step. Inputs are rounded to float32 on both sides so they are equal.
/// </summary>
public sealed class AihtStepPeer : IPeerWorkload
{
    private const int N = 50_000, D = 100, M = 10, S = 500, Inner = 10;
    private const double Tolerance = 1e-5;
    private readonly GatedReluOperator _op;
    private readonly double[] _y;
    private readonly SparseWeights _start;
    private readonly AihtOptions _options = new() { Sparsity = S, Steps = int.MaxValue, PatternPeriod = 0, InnerSteps = Inner, DivergenceFactor = 1e300 };
    private AihtRun? _run;

    public AihtStepPeer()
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(0).FoldIn("bench-peers").FoldIn("aiht"), 0, N, D, M, S);
        var rowMajor = new double[N * D];
        for (int r = 0; r < N; r++) for (int c = 0; c < D; c++) rowMajor[r * D + c] = (float)inst.X[r, c];
        _op = new GatedReluOperator(DesignMatrix.FromRowMajor(N, D, rowMajor), M, new GateSet(inst.GateKey, D));
        _y = [.. inst.Labels.Select(v => (double)(float)v)];
        var warm = new AihtRun(_op, _y, _options);
        for (int t = 0; t < 3; t++) warm.Advance();  // a steady-state support, as in AihtBench
        _start = new SparseWeights(_op.Cols, warm.Weights.Indices, [.. warm.Weights.Values.Select(v => (double)(float)v)]);
    }

    public string Name => $"AIHT step n={N}, d={D}, m={M}, s={S}";
    public string Script => "aiht";
    public string OursLabel => $"{PeerWorkloads.Threads} threads";

    public (Dictionary<string, TensorData>, Dictionary<string, string>) Inputs()
    {
        var x = new float[N * D];
        for (int r = 0; r < N; r++) for (int c = 0; c < D; c++) x[r * D + c] = (float)_op.X[r, c];
        var masks = new float[N * M];
        var mask = new double[N];
        for (int j = 0; j < M; j++)
        {
            _op.Gates.Mask(_op.X, j, mask);
            for (int r = 0; r < N; r++) masks[r * M + j] = (float)mask[r];
        }
        var t = new Dictionary<string, TensorData>
        {
            ["x"] = new([N, D], x), ["masks"] = new([N, M], masks), ["y"] = PeerWorkloads.Vector([.. _y.Select(v => (float)v)]),
            ["support"] = PeerWorkloads.Vector([.. _start.Indices.Select(i => (float)i)]),
            ["values"] = PeerWorkloads.Vector([.. _start.Values.Select(v => (float)v)]),
        };
        return (t, new() { ["s"] = S.ToString(CultureInfo.InvariantCulture), ["inner"] = Inner.ToString(CultureInfo.InvariantCulture) });
    }

    public Timing TimeOurs(int repeats) =>
        BenchPeers.Median(repeats, () => _run = new AihtRun(_op, _y, _options, _start), () => _run!.Advance());

    public PeerCheck Check(SafetensorsFile peer)
    {
        var w = _run!.Weights;
        int[] support = [.. peer.Tensors["support"].Data.Select(v => (int)v)];
        bool same = support.AsSpan().SequenceEqual(w.Indices);
        double rel = same ? PeerWorkloads.RelL2(peer.Tensors["values"].Data, [.. w.Values.Select(v => (float)v)]) : double.PositiveInfinity;
        return new(same && rel <= Tolerance, same ? $"same support of {S}; values rel. L2 {rel:G2} (≤ {Tolerance:G1})"
            : $"supports differ in {support.Except(w.Indices).Count()} of {S} indices");
    }
}

/// <summary>The 64 best quantised grid scores over all 2^20 subsets (model A, 544 grid points): ours vs NumPy int32.</summary>
public sealed class GrayCodePeer : IPeerWorkload
{
    private const int Units = 20, Keep = 64;
    private readonly QuantizedGrid _grid = new(NestedNetwork.Sample(RngKey.FromSeed(1), Units, 2).Circle(0.3), 512);
    private int[] _scores = [];

    public string Name => $"Gray-code search N={Units}, M={_grid.M}";
    public string Script => "graycode";
    public string OursLabel => $"{PeerWorkloads.Threads} threads; peer NumPy (1 thread)";

    public (Dictionary<string, TensorData>, Dictionary<string, string>) Inputs()
    {
        var t = new Dictionary<string, TensorData>();
        Split(t, "phi", _grid.Phi, [Units, _grid.M]);
        Split(t, "f", _grid.F, [_grid.M]);
        return (t, new() { ["keep"] = Keep.ToString(CultureInfo.InvariantCulture) });
    }

    public Timing TimeOurs(int repeats) =>
        BenchPeers.Median(repeats, () => { }, () => _scores = [.. GrayCodeSearch.Search(_grid, Keep).Items.Select(i => i.Score).Order()]);

    public PeerCheck Check(SafetensorsFile peer)
    {
        var hi = peer.Tensors["scores.hi"].Data; var lo = peer.Tensors["scores.lo"].Data;
        int[] theirs = [.. hi.Zip(lo, (h, l) => (int)h * 65536 + (int)l)];
        bool same = theirs.AsSpan().SequenceEqual(_scores);
        return new(same, same ? $"the {Keep} best scores are equal (exact int32)" : $"best scores differ (ours {_scores[0]}, peer {theirs.FirstOrDefault()})");
    }

    /// <summary>int32 values travel exactly as two float32 halves, value = hi·65536 + lo (lo in [0, 65535]).</summary>
    private static void Split(Dictionary<string, TensorData> t, string name, int[] v, int[] shape)
    {
        t[name + ".hi"] = new(shape, [.. v.Select(x => (float)(x >> 16))]);
        t[name + ".lo"] = new(shape, [.. v.Select(x => (float)(x & 0xFFFF))]);
    }
}

/// <summary>Exact subset-sum cover error of n = 24 uniform samples over [−1, 1] (2^24 sums): ours vs NumPy.</summary>
public sealed class SubsetSumCoverPeer : IPeerWorkload
{
    private const int Count = 24;
    private const double Tolerance = 1e-12; // the same sums, added in a different order
    private readonly double[] _x = [.. RssSamples.Draw(RngKey.FromSeed(2), Count, RssDistribution.Uniform).Select(v => (double)(float)v)];
    private double _error;

    public string Name => $"subset-sum cover n={Count}";
    public string Script => "subsetsum";
    public string OursLabel => "1 thread; peer NumPy (1 thread)";

    public (Dictionary<string, TensorData>, Dictionary<string, string>) Inputs() =>
        (new() { ["x"] = PeerWorkloads.Vector([.. _x.Select(v => (float)v)]) }, new() { ["lo"] = "-1", ["hi"] = "1" });

    public Timing TimeOurs(int repeats) => BenchPeers.Median(repeats, () => { }, () => _error = SubsetSumError.Cover(_x));

    public PeerCheck Check(SafetensorsFile peer)
    {
        double theirs = PeerWorkloads.Num(peer, "error"), diff = Math.Abs(theirs - _error);
        return new(diff <= Tolerance, $"E = {_error:G6} vs {theirs:G6} (|Δ| {diff:G2} ≤ {Tolerance:G1})");
    }
}
