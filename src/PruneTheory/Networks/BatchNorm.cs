using PruneTheory.Numerics;

namespace PruneTheory.Networks;

/// <summary>
/// Batch normalisation over channel dimension 1 of [N, C] (BatchNorm1d) or [N, C, H, W]
/// (BatchNorm2d), PyTorch semantics: training normalises with the biased batch variance and updates
/// running_mean/running_var (unbiased) with momentum 0.1; evaluation uses the running statistics.
/// Statistics and gradient sums in double, per channel in fixed order. O(N·C·H·W).
/// </summary>
public class BatchNorm : Layer
{
    private float[]? _xhat;
    private double[]? _invStd;
    private bool _trainedForward;
    private int[]? _shape;

    public Parameter Gamma { get; }
    public Parameter Beta { get; }
    public Tensor RunningMean { get; internal set; }
    public Tensor RunningVar { get; internal set; }
    public double Momentum { get; }
    public double Eps { get; }
    public int Channels => Gamma.Value.Length;
    private readonly int _rank;

    protected BatchNorm(int channels, int rank, double momentum, double eps)
    {
        if (channels <= 0 || momentum is < 0 or > 1 || !(eps > 0))
            throw new ArgumentException($"invalid BatchNorm(channels={channels}, momentum={momentum}, eps={eps})");
        Gamma = new Parameter("weight", new Tensor(channels));
        Beta = new Parameter("bias", new Tensor(channels));
        Array.Fill(Gamma.Value.Data, 1f);
        RunningMean = new Tensor(channels);
        RunningVar = new Tensor(channels);
        Array.Fill(RunningVar.Data, 1f);
        Momentum = momentum; Eps = eps; _rank = rank;
    }

    public override IReadOnlyList<Parameter> Parameters => [Gamma, Beta];
    public override IReadOnlyList<(string Name, Tensor Value)> Buffers => [("running_mean", RunningMean), ("running_var", RunningVar)];

    public override Tensor Forward(Tensor x, bool training)
    {
        x.RequireRank(_rank, GetType().Name);
        if (x[1] != Channels) throw new ArgumentException($"{GetType().Name} expects {Channels} channels, got {x[1]}");
        int n = x[0], c = Channels, hw = x.SampleSize / c, m = n * hw;
        if (training && m < 2) throw new ArgumentException($"{GetType().Name} in training needs more than one value per channel, got {m}");
        var y = Tensor.Uninitialized((int[])x.Shape.Clone());
        var xhat = new float[x.Length];
        var invStd = new double[c];
        Parallelism.For(0, c, ch =>
        {
            double mean, variance;
            if (training)
            {
                double s = 0, s2 = 0;
                for (int i = 0; i < n; i++)
                    foreach (float v in x.Data.AsSpan((i * c + ch) * hw, hw)) s += v;
                mean = s / m;
                for (int i = 0; i < n; i++)
                    foreach (float v in x.Data.AsSpan((i * c + ch) * hw, hw)) s2 += (v - mean) * (v - mean);
                variance = s2 / m;
                RunningMean.Data[ch] = (float)((1 - Momentum) * RunningMean.Data[ch] + Momentum * mean);
                RunningVar.Data[ch] = (float)((1 - Momentum) * RunningVar.Data[ch] + Momentum * variance * m / (m - 1));
            }
            else { mean = RunningMean.Data[ch]; variance = RunningVar.Data[ch]; }
            double inv = 1.0 / Math.Sqrt(variance + Eps), g = Gamma.Value.Data[ch], b = Beta.Value.Data[ch];
            invStd[ch] = inv;
            for (int i = 0; i < n; i++)
                for (int off = (i * c + ch) * hw, k = off; k < off + hw; k++)
                {
                    double xh = (x.Data[k] - mean) * inv;
                    xhat[k] = (float)xh;
                    y.Data[k] = (float)(g * xh + b);
                }
        });
        _xhat = xhat; _invStd = invStd; _trainedForward = training; _shape = (int[])x.Shape.Clone();
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var xhat = _xhat ?? throw new InvalidOperationException($"{GetType().Name}.Backward called before Forward");
        var shape = _shape!; var invStd = _invStd!;
        int n = shape[0], c = Channels, hw = xhat.Length / Math.Max(1, n * c), m = n * hw;
        var dy = gradOutput.Data;
        var dx = ComputeInputGradient ? Tensor.Uninitialized((int[])shape.Clone()) : null;
        Parallelism.For(0, c, ch =>
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++)
                for (int off = (i * c + ch) * hw, k = off; k < off + hw; k++) { sumDy += dy[k]; sumDyXhat += dy[k] * (double)xhat[k]; }
            Gamma.Grad.Data[ch] = (float)sumDyXhat;
            Beta.Grad.Data[ch] = (float)sumDy;
            if (dx is null) return;
            double g = Gamma.Value.Data[ch], inv = invStd[ch];
            for (int i = 0; i < n; i++)
                for (int off = (i * c + ch) * hw, k = off; k < off + hw; k++)
                    dx.Data[k] = _trainedForward
                        ? (float)(g * inv / m * (m * dy[k] - sumDy - xhat[k] * sumDyXhat))
                        : (float)(g * inv * dy[k]);
        });
        return dx;
    }
}

/// <summary>BatchNorm over [N, C] (PyTorch nn.BatchNorm1d defaults: momentum 0.1, eps 1e-5).</summary>
public sealed class BatchNorm1d(int channels, double momentum = 0.1, double eps = 1e-5) : BatchNorm(channels, 2, momentum, eps);

/// <summary>BatchNorm over [N, C, H, W] (PyTorch nn.BatchNorm2d defaults: momentum 0.1, eps 1e-5).</summary>
public sealed class BatchNorm2d(int channels, double momentum = 0.1, double eps = 1e-5) : BatchNorm(channels, 4, momentum, eps);
