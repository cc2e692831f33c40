using System.Numerics.Tensors;

namespace PruneTheory.Networks;

/// <summary>
/// An optimiser over a fixed list of parameters. Step() masks gradients, updates, and re-applies
/// masks, so pruned weights stay exactly zero. O(#parameters) per step.
/// </summary>
public abstract class Optimizer
{
    protected IReadOnlyList<Parameter> Params { get; }
    public double LearningRate { get; set; }

    protected Optimizer(IReadOnlyList<Parameter> parameters, double lr)
    {
        if (!(lr >= 0)) throw new ArgumentException($"learning rate must be ≥ 0, got {lr}");
        Params = parameters; LearningRate = lr;
    }

    public void Step()
    {
        for (int i = 0; i < Params.Count; i++)
        {
            var p = Params[i];
            p.MaskGrad();
            Update(i, p.Value.Data, p.Grad.Data);
            p.ApplyMask();
        }
    }

    protected abstract void Update(int index, float[] value, float[] grad);
}

/// <summary>
/// PyTorch torch.optim.SGD: g = ∇ + λp; buf = g on the first step, then buf = μ·buf + (1−dampening)·g;
/// nesterov uses g + μ·buf; p −= lr·(buf or g).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _buf, _scratch;
    public double Momentum { get; }
    public double WeightDecay { get; }
    public double Dampening { get; }
    public bool Nesterov { get; }

    public Sgd(IReadOnlyList<Parameter> parameters, double lr, double momentum = 0, double weightDecay = 0, double dampening = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (momentum < 0 || weightDecay < 0 || (nesterov && (momentum <= 0 || dampening != 0)))
            throw new ArgumentException($"invalid SGD settings (momentum={momentum}, weight decay={weightDecay}, dampening={dampening}, nesterov={nesterov})");
        Momentum = momentum; WeightDecay = weightDecay; Dampening = dampening; Nesterov = nesterov;
        _buf = new float[]?[parameters.Count];
        _scratch = new float[]?[parameters.Count];
    }

    protected override void Update(int index, float[] p, float[] grad)
    {
        float lr = (float)LearningRate, wd = (float)WeightDecay, mu = (float)Momentum, damp = 1f - (float)Dampening;
        var g = grad.AsSpan();
        if (wd != 0f)
        {
            var scratch = _scratch[index] ??= new float[p.Length];
            TensorPrimitives.MultiplyAdd(p, wd, grad, scratch); // g = ∇ + λp, without touching the stored gradient
            g = scratch;
        }
        if (mu != 0f)
        {
            bool first = _buf[index] is null;
            var buf = _buf[index] ??= new float[p.Length];
            if (first) g.CopyTo(buf);
            else if (damp == 1f) TensorPrimitives.MultiplyAdd(buf, mu, g, buf);
            else { TensorPrimitives.Multiply(buf, mu, buf); TensorPrimitives.MultiplyAdd(g, damp, buf, buf); }
            if (Nesterov)
            {
                var scratch = _scratch[index] ??= new float[p.Length];
                TensorPrimitives.MultiplyAdd(buf, mu, g, scratch);
                g = scratch;
            }
            else g = buf;
        }
        TensorPrimitives.MultiplyAdd(g, -lr, p, p);
    }
}

/// <summary>
/// PyTorch torch.optim.Adam (L2 weight decay added to the gradient, no amsgrad):
/// m = β1·m + (1−β1)g, v = β2·v + (1−β2)g², p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    private readonly int[] _t;
    private readonly float[]?[] _g, _d; // scratch: effective gradient, denominator
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    public Adam(IReadOnlyList<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1 || !(eps >= 0) || weightDecay < 0)
            throw new ArgumentException($"invalid Adam settings (betas={beta1},{beta2}, eps={eps}, weight decay={weightDecay})");
        Beta1 = beta1; Beta2 = beta2; Eps = eps; WeightDecay = weightDecay;
        _m = [.. parameters.Select(p => new float[p.Value.Length])];
        _v = [.. parameters.Select(p => new float[p.Value.Length])];
        _t = new int[parameters.Count];
        _g = new float[]?[parameters.Count]; _d = new float[]?[parameters.Count];
    }

    protected override void Update(int index, float[] p, float[] grad)
    {
        int t = ++_t[index];
        double bc1 = 1 - Math.Pow(Beta1, t), bc2 = 1 - Math.Pow(Beta2, t);
        float stepSize = (float)(LearningRate / bc1), sqrtBc2 = (float)Math.Sqrt(bc2);
        float b1 = (float)Beta1, b2 = (float)Beta2, eps = (float)Eps, wd = (float)WeightDecay;
        var m = _m[index]; var v = _v[index];
        var g = _g[index] ??= new float[p.Length];
        var d = _d[index] ??= new float[p.Length];
        if (wd != 0f) TensorPrimitives.MultiplyAdd(p, wd, grad, g); else grad.CopyTo(g, 0);
        TensorPrimitives.Multiply(m, b1, m); TensorPrimitives.MultiplyAdd(g, 1 - b1, m, m);   // m = β1·m + (1−β1)g
        TensorPrimitives.Multiply(g, g, d);
        TensorPrimitives.Multiply(v, b2, v); TensorPrimitives.MultiplyAdd(d, 1 - b2, v, v);   // v = β2·v + (1−β2)g²
        TensorPrimitives.Sqrt(v, d);
        TensorPrimitives.Divide(d, sqrtBc2, d); TensorPrimitives.Add(d, eps, d);               // √v/√(1−β2ᵗ) + ε
        TensorPrimitives.Divide(m, d, d);
        TensorPrimitives.MultiplyAdd(d, -stepSize, p, p);
    }
}
