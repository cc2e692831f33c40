using System.Numerics.Tensors;

namespace PruneTheory.Sparse;

/// <summary>
/// Accelerated IHT as the official code runs it (spec §3.2; Blumensath 2012 normalised IHT with
/// acceleration). Per step t: (1) μ = ‖g_S‖²/(‖A_S g_S‖² + 1e-8) on the current support (μ = 1e-14 when
/// S = ∅, so step 0 only picks the top-s of |Aᵀy|); (2) the streamed step H_s(w − μAᵀr) over blocks;
/// (3) InnerSteps Armijo-backtracked gradient steps on the new support with A_S fixed (f = ‖r‖², accept
/// if f_new ≤ f − 0.9μ‖g‖², halve μ otherwise, revert to w̃ after LineSearchTries failures; μ never
/// grows); (4) pattern update h_j := w_j iff t &gt; 0 and t mod k = 0 (empty blocks stay dead).
/// Cost per step ≈ 2·n·d·m (streamed step) + O(InnerSteps·tries·n·s); memory O(n(s + d)).
/// </summary>
public static class Aiht
{
    public static AihtResult Solve(GatedReluOperator op, ReadOnlySpan<double> labels, AihtOptions o, CancellationToken cancel = default)
    {
        long allocStart = GC.GetAllocatedBytesForCurrentThread();
        var run = new AihtRun(op, labels, o);
        while (run.Step < o.Steps && !run.Finished)
        {
            cancel.ThrowIfCancellationRequested();
            run.Advance();
        }
        return run.Result(GC.GetAllocatedBytesForCurrentThread() - allocStart);
    }

    /// <summary>r = A w − y (writes A w into <paramref name="ax"/>).</summary>
    internal static void Residual(ColumnMatrix a, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> ax, Span<double> r)
    {
        a.Apply(w, ax);
        TensorPrimitives.Subtract(ax, y, r);
    }

    /// <summary>Step 3 of <see cref="AihtRun.Advance"/>; returns the new values, final f = ‖A_S w − y‖², whether a
    /// line search gave up, and the final μ.</summary>
    internal static (double[] Values, double Loss, bool Failed, double Mu) Accelerate(ColumnMatrix a, double[] y, double[] wTilde,
        double mu, AihtOptions o, double[] gBuf, double[] xBuf, double[] xdBuf, double[] ax, double[] r)
    {
        int k = wTilde.Length;
        var x = xBuf.AsSpan(0, k); var xd = xdBuf.AsSpan(0, k); var g = gBuf.AsSpan(0, k);
        wTilde.CopyTo(x);
        Residual(a, x, y, ax, r);
        double fTilde = TensorPrimitives.Dot(r, r), f = fTilde;
        bool failed = false;
        for (int it = 0; it < o.InnerSteps; it++)
        {
            if (it > 0) Residual(a, x, y, ax, r);
            a.ApplyAdjoint(r, g);
            double gg = TensorPrimitives.Dot(g, g);
            for (int tries = 1; ; tries++)
            {
                TensorPrimitives.MultiplyAdd(g, -mu, x, xd);
                Residual(a, xd, y, ax, r);
                double fNew = TensorPrimitives.Dot(r, r);
                if (fNew <= f - 0.9 * mu * gg) { f = fNew; xd.CopyTo(x); break; }
                mu /= 2;
                if (tries >= o.LineSearchTries) { wTilde.CopyTo(x); f = fTilde; failed = true; break; }
            }
        }
        return (x.ToArray(), f, failed, mu);
    }
}
