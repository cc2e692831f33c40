using PruneTheory.Networks;
using PruneTheory.Pruning;
using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>Settings of the IMP baseline (spec §3.4, official baselines.py).</summary>
public sealed record ImpOptions
{
    /// <summary>Stop at the first round whose remaining weights (all layers, output included) are ≤ this.</summary>
    public required int Sparsity { get; init; }

    /// <summary>Hidden units m per hidden layer.</summary>
    public required int Width { get; init; }
    public int Hidden { get; init; } = 1;

    /// <summary>0 = one output trained with MSE on the labels; c ≥ 2 = c outputs trained with cross-entropy on the
    /// labels read as class indices 0…c−1 (the official 10-class MNIST baseline). An evaluator is then required.</summary>
    public int Classes { get; init; }

    /// <summary>Full-batch Adam steps per round (num_epochs at full batch).</summary>
    public int EpochsPerRound { get; init; } = 15;

    /// <summary>Fraction of the remaining weights removed per round (at least one).</summary>
    public double PruneFraction { get; init; } = 0.1;
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Minibatch size; 0 = full batch (one Adam step per epoch).</summary>
    public int BatchSize { get; init; }

    /// <summary>Key of the per-epoch shuffles (minibatch only; the official DataLoader uses seed + 3).</summary>
    public RngKey ShuffleKey { get; init; } = RngKey.FromSeed(3);
}

/// <summary>One IMP round, evaluated right after pruning (no retraining): Score is the evaluator's value
/// (by default the PSNR of the training fit with peak max|y|).</summary>
public sealed record ImpRound(int Round, int Remaining, double TrainLossBeforePrune, double Score);

public sealed record ImpResult(IReadOnlyList<ImpRound> Rounds, double FinalScore, int FinalRemaining, long DenseBytes);

/// <summary>
/// Iterative magnitude pruning with rewinding to initialisation (LTH): Linear(d,m)→ReLU→[Linear(m,m)→ReLU]×(L−1)
/// →Linear(m,1) (Linear(m,c) with cross-entropy when Classes ≥ 2), no bias, trainable output layer, PyTorch-default init from the seed's key. Each round: rewind the
/// unpruned weights to init, train EpochsPerRound full-batch Adam steps (fresh optimiser, MSE), prune
/// max(1, round-half-even(fraction·remaining)) weights globally by |w|, evaluate. float32 (as PyTorch).
/// Cost per round ≈ 6·n·N·EpochsPerRound flops for N weights; memory O(N) dense whatever the sparsity.
/// </summary>
public static class ImpBaseline
{
    public static ImpResult Run(DesignMatrix x, ReadOnlySpan<double> labels, RngKey initKey, ImpOptions o,
        Func<Sequential, double>? evaluate = null, CancellationToken cancel = default)
    {
        int n = x.Rows, d = x.Cols;
        if (labels.Length != n) throw new ArgumentException("labels length differs from the number of samples");
        if (o.Sparsity <= 0 || o.Width <= 0 || o.Hidden <= 0 || o.EpochsPerRound < 0 || o.BatchSize < 0 || !(o.PruneFraction is > 0 and < 1))
            throw new ArgumentException("IMP needs sparsity, width and hidden layers > 0, epochs >= 0 and a prune fraction in (0, 1)");
        if (o.Classes is 1 or < 0 || (o.Classes > 0 && evaluate is null)) throw new ArgumentException("classes must be 0 or >= 2, and classification needs an evaluator");
        var model = Build(d, o.Width, o.Hidden, initKey, Math.Max(1, o.Classes));
        var inputs = new Tensor(n, d);
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) inputs.Data[r * d + i] = (float)x[r, i];
        LabeledData data;
        var lossKind = o.Classes > 0 ? LossKind.CrossEntropy : LossKind.MeanSquaredError;
        if (o.Classes > 0)
        {
            var classes = new int[n];
            for (int r = 0; r < n; r++)
                classes[r] = labels[r] == Math.Floor(labels[r]) && labels[r] >= 0 && labels[r] < o.Classes ? (int)labels[r]
                    : throw new ArgumentException($"label {labels[r]} is not a class index below {o.Classes}");
            data = new LabeledData(inputs, labels: classes);
        }
        else
        {
            var targets = new Tensor(n, 1);
            for (int r = 0; r < n; r++) targets.Data[r] = (float)labels[r];
            data = new LabeledData(inputs, targets: targets);
        }
        double peak = RecoveryMetrics.Peak(labels);
        var y = labels.ToArray();
        return Rounds(model, inputs, data, lossKind, evaluate ?? (net => RecoveryMetrics.Psnr(y, Forward(net, inputs), peak)),
            o, ImpMemoryModel.Bytes(d, o.Width, Math.Max(1, o.Classes), o.Hidden), cancel);
    }

    /// <summary>IMP with c outputs trained by MSE on real targets (row-major n×c; the planted vector-output baseline,
    /// official <c>test_model_s</c> with output_dim = c); score = PSNR over all n·c entries, peak max|Y|.</summary>
    public static ImpResult RunRegression(DesignMatrix x, double[] targetsRowMajor, int outputs, RngKey initKey, ImpOptions o, CancellationToken cancel = default)
    {
        int n = x.Rows, d = x.Cols;
        if (outputs < 1 || targetsRowMajor.Length != (long)n * outputs) throw new ArgumentException($"targets must hold n×c = {n}×{outputs} values");
        if (o.Sparsity <= 0 || o.Width <= 0 || o.Hidden <= 0 || o.EpochsPerRound < 0 || o.BatchSize < 0 || o.Classes != 0 || !(o.PruneFraction is > 0 and < 1))
            throw new ArgumentException("IMP needs sparsity, width and hidden layers > 0, epochs >= 0, no classes and a prune fraction in (0, 1)");
        var model = Build(d, o.Width, o.Hidden, initKey, outputs);
        var inputs = new Tensor(n, d);
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) inputs.Data[r * d + i] = (float)x[r, i];
        var targets = new Tensor(n, outputs);
        for (int t = 0; t < targetsRowMajor.Length; t++) targets.Data[t] = (float)targetsRowMajor[t];
        double peak = RecoveryMetrics.Peak(targetsRowMajor);
        return Rounds(model, inputs, new LabeledData(inputs, targets: targets), LossKind.MeanSquaredError,
            net => RecoveryMetrics.Psnr(targetsRowMajor, Forward(net, inputs), peak), o, ImpMemoryModel.Bytes(d, o.Width, outputs, o.Hidden), cancel);
    }

    private static double[] Forward(Sequential net, Tensor inputs) => net.Forward(inputs, training: false).Data.Select(v => (double)v).ToArray();

    // The rounds: rewind, train, prune globally, evaluate; stop at the first round with at most s weights.
    private static ImpResult Rounds(Sequential model, Tensor inputs, LabeledData data, LossKind lossKind, Func<Sequential, double> evaluate,
        ImpOptions o, long denseBytes, CancellationToken cancel)
    {
        int n = inputs[0];
        var weights = model.NamedParameters().ToList();
        var init = weights.Select(w => (float[])w.Parameter.Value.Data.Clone()).ToArray();
        int total = weights.Sum(w => w.Parameter.Value.Length), remaining = total;
        var rounds = new List<ImpRound>();
        for (int round = 0; ; round++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int t = 0; t < weights.Count; t++) // rewind, keep the mask
            {
                init[t].CopyTo(weights[t].Parameter.Value.Data, 0);
                weights[t].Parameter.ApplyMask();
            }
            var adam = new Adam(model.Parameters, o.LearningRate);
            double loss = double.NaN;
            if (o.BatchSize == 0 || o.BatchSize >= n)
                for (int e = 0; e < o.EpochsPerRound; e++) loss = Trainer.Step(model, adam, lossKind, data);
            else
            {
                var stats = Trainer.Fit(model, data, adam, lossKind, new TrainOptions(o.EpochsPerRound, o.BatchSize),
                    o.ShuffleKey, cancel: cancel);
                if (stats.Count > 0) loss = stats[^1].MeanLoss;
            }
            int count = Math.Max(1, MagnitudePruning.CountFor(o.PruneFraction, remaining));
            count = Math.Min(count, remaining);
            MagnitudePruning.PruneSmallest(weights, count);
            remaining -= count;
            rounds.Add(new ImpRound(round, remaining, loss, evaluate(model)));
            if (remaining <= o.Sparsity || remaining == 0) break;
        }
        return new ImpResult(rounds, rounds[^1].Score, remaining, denseBytes);
    }

    public static Sequential Build(int d, int m, int hidden, RngKey key, int outputs = 1)
    {
        var layers = new List<Layer> { new Dense(d, m, false, key.FoldIn(0UL)), new ReLU() };
        for (int l = 1; l < hidden; l++) { layers.Add(new Dense(m, m, false, key.FoldIn((ulong)l))); layers.Add(new ReLU()); }
        layers.Add(new Dense(m, outputs, false, key.FoldIn((ulong)hidden)));
        return Sequential.Indexed([.. layers]);
    }
}
