using System.Globalization;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Numerics;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>The workloads of `bench --peers` and the helpers they share (tensor packing, relative errors).</summary>
public static class PeerWorkloads
{
    private static readonly (string Script, Func<IPeerWorkload> Make)[] Factories =
    [
        ("gemm", () => new GemmPeer(1024)), ("lenet", () => new LeNetEpochPeer()), ("aiht", () => new AihtStepPeer()),
        ("graycode", () => new GrayCodePeer()), ("subsetsum", () => new SubsetSumCoverPeer()),
    ];

    /// <summary>The workloads whose script name contains <paramref name="filter"/> (all when null), built lazily (their inputs are large).</summary>
    public static IEnumerable<IPeerWorkload> Matching(string? filter)
    {
        var chosen = Factories.Where(f => filter is null || f.Script.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
            throw new PruneTheory.Experiments.SpecException($"--only {filter}: no such workload (gemm, lenet, aiht, graycode, subsetsum)");
        return chosen.Select(f => f.Make());
    }

    internal static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    internal static double Num(SafetensorsFile f, string key) => double.Parse(f.Metadata[key], CultureInfo.InvariantCulture);
    internal static int Threads => Parallelism.MaxThreads > 0 ? Parallelism.MaxThreads : Environment.ProcessorCount;

    /// <summary>‖x − ref‖₂ / ‖ref‖₂ in double (shapes must agree; a shape mismatch reads as +∞).</summary>
    internal static double RelL2(ReadOnlySpan<float> x, ReadOnlySpan<float> reference)
    {
        if (x.Length != reference.Length) return double.PositiveInfinity;
        double num = 0, den = 0;
        for (int i = 0; i < x.Length; i++) { double d = (double)x[i] - reference[i]; num += d * d; den += (double)reference[i] * reference[i]; }
        return Math.Sqrt(num / Math.Max(den, double.Epsilon));
    }

    internal static TensorData Vector(float[] v) => new([v.Length], v);
}

/// <summary>Square float32 product C = A·B, ours on all cores vs NumPy's matmul (OpenBLAS sgemm).</summary>
public sealed class GemmPeer(int n) : IPeerWorkload
{
    private const double Tolerance = 1e-5; // float32 sums of 1024 products in different orders
    private readonly float[] _a = Draw(n, "a"), _b = Draw(n, "b"), _c = new float[n * n];

    public string Name => $"float32 GEMM {n}³";
    public string Script => "gemm";
    public string OursLabel => $"{2.0 * n * n * n / _seconds / 1e9:F0} GFLOP/s, {PeerWorkloads.Threads} threads";
    private double _seconds = double.NaN;
    private Timing Keep(Timing t) { _seconds = t.Wall; return t; }

    public (Dictionary<string, TensorData>, Dictionary<string, string>) Inputs() =>
        (new() { ["a"] = new([n, n], _a), ["b"] = new([n, n], _b) }, new() { ["n"] = n.ToString(CultureInfo.InvariantCulture) });

    public Timing TimeOurs(int repeats) =>
        Keep(BenchPeers.Median(repeats, () => { }, () => Gemm.Multiply(false, false, n, n, n, 1f, _a, _b, 0f, _c)));

    public PeerCheck Check(SafetensorsFile peer)
    {
        double rel = PeerWorkloads.RelL2(peer.Tensors["c"].Data, _c);
        double peerGflops = 2.0 * n * n * n / PeerWorkloads.Num(peer, "seconds") / 1e9;
        return new(rel <= Tolerance, $"rel. L2 {rel:G2} (≤ {Tolerance:G1}); peer {peerGflops:F0} GFLOP/s");
    }

    private static float[] Draw(int n, string name)
    {
        var v = new float[n * n];
        RngKey.FromSeed(1).FoldIn("bench-peers").FoldIn(name).Stream().FillGaussian(v);
        return v;
    }
}

/// <summary>
/// One LeNet-300-100 epoch (60,000 synthetic Fashion-MNIST-shaped samples, batch 128, SGD lr 0.01 momentum 0.9,
/// mean cross-entropy), ours on all cores vs PyTorch on 1 thread, from the same initial weights in the same
/// sample order. Agreement: the epoch's mean loss and the final weights.
/// </summary>
public sealed class LeNetEpochPeer : IPeerWorkload
{
    private const int Samples = 60_000, Batch = 128;
    private const double Lr = 0.01, Momentum = 0.9, LossTolerance = 1e-3, WeightTolerance = 1e-2;
    private readonly RngKey _key = RngKey.FromSeed(0).FoldIn("bench-peers").FoldIn("lenet");
    private readonly LabeledData _data;
    private readonly Dictionary<string, TensorData> _init;
    private Sequential _model;
    private double _meanLoss;

    public LeNetEpochPeer()
    {
        _data = TrainingBench.SyntheticImages(Samples, _key.FoldIn("data"));
        _model = Models.LeNet300100(_key.FoldIn("init"));
        _init = _model.StateDict();
    }

    public string Name => "LeNet-300-100 epoch";
    public string Script => "lenet";
    public string OursLabel => $"{PeerWorkloads.Threads} threads; peer 1 thread";

    public (Dictionary<string, TensorData>, Dictionary<string, string>) Inputs()
    {
        var t = new Dictionary<string, TensorData>(_init)
        {
            ["x"] = _data.Inputs.ToTensorData(),
            ["labels"] = PeerWorkloads.Vector([.. _data.Labels!.Select(l => (float)l)]),
            ["order"] = PeerWorkloads.Vector([.. Enumerable.Range(0, Samples).Select(i => (float)i)]),
        };
        var meta = new Dictionary<string, string>
        {
            ["batch"] = Batch.ToString(CultureInfo.InvariantCulture), ["lr"] = PeerWorkloads.Inv(Lr),
            ["momentum"] = PeerWorkloads.Inv(Momentum), ["threads"] = "1",
        };
        return (t, meta);
    }

    public Timing TimeOurs(int repeats)
    {
        Sgd? opt = null;
        return BenchPeers.Median(repeats,
            () => { _model = Models.LeNet300100(_key.FoldIn("init")); _model.LoadStateDict(_init); opt = new Sgd(_model.Parameters, Lr, Momentum); },
            () => _meanLoss = Trainer.Fit(_model, _data, opt!, LossKind.CrossEntropy, new TrainOptions(1, Batch, Shuffle: false), _key)[0].MeanLoss);
    }

    public PeerCheck Check(SafetensorsFile peer)
    {
        double loss = PeerWorkloads.Num(peer, "mean_loss"), lossRel = Math.Abs(loss - _meanLoss) / Math.Abs(_meanLoss);
        var ours = _model.StateDict();
        double worst = ours.Max(kv => peer.Tensors.TryGetValue(kv.Key, out var p) ? PeerWorkloads.RelL2(p.Data, kv.Value.Data) : double.PositiveInfinity);
        return new(lossRel <= LossTolerance && worst <= WeightTolerance,
            $"mean loss {_meanLoss:F4} vs {loss:F4} (rel. {lossRel:G2} ≤ {LossTolerance:G1}); weights rel. L2 ≤ {worst:G2} (≤ {WeightTolerance:G1})");
    }
}
