using System.Numerics.Tensors;

namespace PruneTheory.Sparse;

/// <summary>
/// The state of one AIHT run, advanced a step at a time (see <see cref="Aiht"/> for the algorithm).
/// A run may start from given weights (minibatch AIHT continues across batches). All buffers are allocated here once, sized by n, d and s only; <see cref="Memory"/> counts them.
/// </summary>
public sealed class AihtRun
{
    private readonly GatedReluOperator _op;
    private readonly AihtOptions _o;
    private readonly double[] _y, _r, _ax, _yHat, _g, _x, _xd;
    private readonly TopSelector[] _chunkSel;
    private readonly TopSelector _top;
    private readonly ColumnMatrix _asub;
    private readonly double _peak, _yy;
    private readonly List<AihtStep> _trace = [];

    public SparseWeights Weights { get; private set; }
    public int Step { get; private set; }
    public string? Divergence { get; private set; }
    public bool Finished { get; private set; }
    public IReadOnlyList<AihtStep> Trace => _trace;
    public IhtMemory Memory { get; }

    public AihtRun(GatedReluOperator op, ReadOnlySpan<double> labels, AihtOptions o, SparseWeights? start = null)
    {
        o.Validate();
        int n = op.Rows, s = Math.Min(o.Sparsity, op.Cols);
        if (labels.Length != n) throw new ArgumentException($"labels have length {labels.Length}, expected n = {n}");
        _op = op; _o = o; _y = labels.ToArray();
        _peak = RecoveryMetrics.Peak(_y); _yy = TensorPrimitives.Dot(_y, _y);
        if (_yy == 0) throw new ArgumentException("all labels are zero: nothing to recover");
        _chunkSel = Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(s, o.Selection)).ToArray();
        _top = new TopSelector(s, o.Selection);
        _asub = new ColumnMatrix(n, s) { Parallelism = op.Parallelism };
        _r = new double[n]; _ax = new double[n]; _yHat = new double[n];
        _g = new double[s]; _x = new double[s]; _xd = new double[s];
        Memory = new IhtMemory(
            StateBytes: 3 * 12L * s,                     // w, w̃ and the gate copy h = w
            SelectorBytes: _chunkSel.Sum(c => c.Bytes) + _top.Bytes,
            ScratchBytes: op.ScratchBytes,
            SubmatrixBytes: _asub.Bytes,
            VectorBytes: 8L * (4 * n + 3 * s));
        if (start is not null && (start.Length != op.Cols || start.Count > s))
            throw new ArgumentException($"start weights must have length {op.Cols} and at most {s} slots");
        Weights = start ?? SparseWeights.Empty(op.Cols);
    }

    /// <summary>One AIHT step (steps 1–4 of <see cref="Aiht"/>) and its trace entry.</summary>
    public void Advance()
    {
        if (Finished) throw new InvalidOperationException("the run has finished (diverged or reached its tolerance)");
        int t = Step++;
        var w = Weights;
        // 1. Step size on the current support (current gates).
        double mu;
        if (w.Count == 0) { mu = 1e-14; TensorPrimitives.Negate(_y, _r); }
        else
        {
            _op.Materialize(w.Indices, _asub);
            Aiht.Residual(_asub, w.Values, _y, _ax, _r);
            var gS = _g.AsSpan(0, w.Count);
            _asub.ApplyAdjoint(_r, gS);
            _asub.Apply(gS, _ax);
            mu = TensorPrimitives.Dot(gS, gS) / (TensorPrimitives.Dot(_ax, _ax) + 1e-8);
        }
        if (!double.IsFinite(mu)) { Stop($"step {t}: step size is {mu}"); return; }

        // 2. Streamed gradient step with running top-s over blocks.
        _op.StreamedThresholdStep(w, _r, mu, _chunkSel, _top);
        var wTilde = _top.ToSparse(_op.Cols);
        bool changed = !wTilde.Indices.AsSpan().SequenceEqual(w.Indices);

        // 3. Acceleration on the new support with A_S fixed.
        _op.Materialize(wTilde.Indices, _asub);
        var (values, loss, failed, muEnd) = Aiht.Accelerate(_asub, _y, wTilde.Values, mu, _o, _g, _x, _xd, _ax, _r);
        Weights = w = wTilde.WithValues(values);

        // 4. Pattern update.
        bool update = _o.PatternPeriod > 0 && t > 0 && t % _o.PatternPeriod == 0;
        if (update) _op.Gates.SetFrom(w);

        _op.Predict(w, _yHat);
        double psnr = RecoveryMetrics.Psnr(_y, _yHat, _peak), rel = RecoveryMetrics.RelErr(_y, _yHat);
        _trace.Add(new AihtStep(t, loss, psnr, rel, muEnd, changed, failed, update));

        if (!double.IsFinite(loss) || values.Any(v => !double.IsFinite(v)) || double.IsNaN(rel))
            Stop($"step {t}: non-finite loss or weights (loss {loss})");
        else if (loss > _o.DivergenceFactor * _yy)
            Stop($"step {t}: loss {loss:G4} exceeds {_o.DivergenceFactor:G3}·‖y‖² = {_o.DivergenceFactor * _yy:G4}");
        else if (_o.RelErrTolerance > 0 && rel <= _o.RelErrTolerance) Finished = true;
    }

    private void Stop(string reason) { Divergence = reason; Finished = true; }

    public AihtResult Result(long allocatedBytes) =>
        new(Weights, _trace.ToList(), Divergence is not null, Divergence, Memory, allocatedBytes);
}
