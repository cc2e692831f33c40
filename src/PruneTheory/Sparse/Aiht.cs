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
        o.Validate();
        int n = op.Rows, s = Math.Min(o.Sparsity, op.Cols);
        if (labels.Length != n) throw new ArgumentException($"labels have length {labels.Length}, expected n = {n}");
        long allocStart = GC.GetTotalAllocatedBytes(precise: true);
        var y = labels.ToArray();
        double peak = RecoveryMetrics.Peak(y), yy = TensorPrimitives.Dot(y, y);
        if (yy == 0) throw new ArgumentException("all labels are zero: nothing to recover");

        var chunkSel = Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(s)).ToArray();
        var top = new TopSelector(s);
        var asub = new ColumnMatrix(n, s) { Parallelism = op.Parallelism };
        double[] r = new double[n], ax = new double[n], yHat = new double[n];
        double[] g = new double[s], x = new double[s], xd = new double[s];
        var memory = new IhtMemory(
            StateBytes: 3 * 12L * s,
            SelectorBytes: chunkSel.Sum(c => c.Bytes) + top.Bytes,
            ScratchBytes: op.ScratchBytes,
            SubmatrixBytes: asub.Bytes,
            VectorBytes: 8L * (4 * n + 3 * s));

        var w = SparseWeights.Empty(op.Cols);
        var trace = new List<AihtStep>();
        string? divergence = null;
        for (int t = 0; t < o.Steps && divergence is null; t++)
        {
            cancel.ThrowIfCancellationRequested();
            // 1. Step size on the current support (current gates).
            double mu;
            if (w.Count == 0) { mu = 1e-14; TensorPrimitives.Negate(y, r); }
            else
            {
                op.Materialize(w.Indices, asub);
                Residual(asub, w.Values, y, ax, r);
                var gS = g.AsSpan(0, w.Count);
                asub.ApplyAdjoint(r, gS);
                asub.Apply(gS, ax);
                mu = TensorPrimitives.Dot(gS, gS) / (TensorPrimitives.Dot(ax, ax) + 1e-8);
            }
            if (!double.IsFinite(mu)) { divergence = $"step {t}: step size is {mu}"; break; }

            // 2. Streamed gradient step with running top-s over blocks.
            op.StreamedThresholdStep(w, r, mu, chunkSel, top);
            var wTilde = top.ToSparse(op.Cols);
            bool changed = !wTilde.Indices.AsSpan().SequenceEqual(w.Indices);

            // 3. Acceleration on the new support with A_S fixed.
            op.Materialize(wTilde.Indices, asub);
            var (values, loss, failed, muEnd) = Accelerate(asub, y, wTilde.Values, mu, o, g, x, xd, ax, r);
            w = wTilde.WithValues(values);

            // 4. Pattern update.
            bool update = o.PatternPeriod > 0 && t > 0 && t % o.PatternPeriod == 0;
            if (update) op.Gates.SetFrom(w);

            op.Predict(w, yHat);
            double psnr = RecoveryMetrics.Psnr(y, yHat, peak), rel = RecoveryMetrics.RelErr(y, yHat);
            trace.Add(new AihtStep(t, loss, psnr, rel, muEnd, changed, failed, update));

            if (!double.IsFinite(loss) || values.Any(v => !double.IsFinite(v)) || double.IsNaN(rel))
                divergence = $"step {t}: non-finite loss or weights (loss {loss})";
            else if (loss > o.DivergenceFactor * yy)
                divergence = $"step {t}: loss {loss:G4} exceeds {o.DivergenceFactor:G3}·‖y‖² = {o.DivergenceFactor * yy:G4}";
            else if (o.RelErrTolerance > 0 && rel <= o.RelErrTolerance) break;
        }
        return new AihtResult(w, trace, divergence is not null, divergence, memory, GC.GetTotalAllocatedBytes(precise: true) - allocStart);
    }

    /// <summary>r = A w − y (writes A w into <paramref name="ax"/>).</summary>
    private static void Residual(ColumnMatrix a, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> ax, Span<double> r)
    {
        a.Apply(w, ax);
        TensorPrimitives.Subtract(ax, y, r);
    }

    /// <summary>Step 3 of <see cref="Solve"/>; returns the new values, final f = ‖A_S w − y‖², whether a
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
