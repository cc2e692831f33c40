using System.Diagnostics;
using PruneTheory.Random;

namespace PruneTheory.Networks;

public enum LossKind { CrossEntropy, MeanSquaredError }

/// <summary>
/// Minibatch schedule. The sample order of epoch e is a Philox permutation from key.FoldIn("epoch").FoldIn(e).
/// <paramref name="LearningRate"/>, when given, sets the optimiser's rate at the start of each epoch e (0-based).
/// </summary>
public sealed record TrainOptions(int Epochs, int BatchSize, bool Shuffle = true, bool DropLast = false,
    Func<int, double>? LearningRate = null);

public sealed record EpochStats(int Epoch, double MeanLoss, int Steps, double Seconds);

public sealed record Evaluation(double MeanLoss, double Accuracy, int Count);

/// <summary>
/// Minibatch training and evaluation. Deterministic given the key: the same key, data and options
/// give bit-identical weights for any thread count. Cost per epoch = N × (forward + backward).
/// </summary>
public static class Trainer
{
    public static LossResult Loss(LossKind kind, Tensor output, LabeledData batch) => kind switch
    {
        LossKind.CrossEntropy => Losses.SoftmaxCrossEntropy(output, batch.Labels ?? throw new ArgumentException("cross-entropy needs labels")),
        LossKind.MeanSquaredError => Losses.MeanSquaredError(output, batch.Targets ?? throw new ArgumentException("MSE needs targets")),
        _ => throw new ArgumentException($"unknown loss {kind}"),
    };

    /// <summary>One forward/backward/step on a batch; returns the batch loss.</summary>
    public static double Step(Layer model, Optimizer optimizer, LossKind loss, LabeledData batch)
    {
        var output = model.Forward(batch.Inputs, training: true);
        var l = Loss(loss, output, batch);
        model.Backward(l.Gradient);
        optimizer.Step();
        return l.Value;
    }

    public static List<EpochStats> Fit(Layer model, LabeledData data, Optimizer optimizer, LossKind loss, TrainOptions options,
        RngKey key, Action<EpochStats>? onEpoch = null, CancellationToken cancel = default)
    {
        if (options.Epochs < 0 || options.BatchSize <= 0) throw new ArgumentException($"invalid training options {options}");
        if (data.Count == 0) throw new ArgumentException("no training samples");
        bool inputGrad = model.ComputeInputGradient;
        model.ComputeInputGradient = false; // nothing upstream of the data
        try
        {
            var stats = new List<EpochStats>();
            for (int e = 0; e < options.Epochs; e++)
            {
                var sw = Stopwatch.StartNew();
                if (options.LearningRate is { } schedule) optimizer.LearningRate = schedule(e);
                int[] order = options.Shuffle ? key.FoldIn("epoch").FoldIn(e).Stream().Permutation(data.Count) : [.. Enumerable.Range(0, data.Count)];
                double total = 0; int steps = 0;
                for (int start = 0; start < data.Count; start += options.BatchSize)
                {
                    cancel.ThrowIfCancellationRequested();
                    int count = Math.Min(options.BatchSize, data.Count - start);
                    if (options.DropLast && count < options.BatchSize) break;
                    total += Step(model, optimizer, loss, data.Gather(order.AsSpan(start, count)));
                    steps++;
                }
                var s = new EpochStats(e, steps == 0 ? double.NaN : total / steps, steps, sw.Elapsed.TotalSeconds);
                stats.Add(s);
                onEpoch?.Invoke(s);
            }
            return stats;
        }
        finally { model.ComputeInputGradient = inputGrad; }
    }

    /// <summary>Eval-mode forward over the data in batches; accuracy needs labels (NaN for targets).</summary>
    public static Evaluation Evaluate(Layer model, LabeledData data, LossKind loss, int batchSize = 1000)
    {
        if (batchSize <= 0) throw new ArgumentException($"batch size must be positive, got {batchSize}");
        double totalLoss = 0; long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            var batch = data.Slice(start, Math.Min(batchSize, data.Count - start));
            var output = model.Forward(batch.Inputs, training: false);
            totalLoss += Loss(loss, output, batch).Value * batch.Count;
            if (batch.Labels is not null)
            {
                var pred = Losses.ArgMax(output);
                for (int i = 0; i < pred.Length; i++) if (pred[i] == batch.Labels[i]) correct++;
            }
        }
        return new Evaluation(totalLoss / data.Count, data.Labels is null ? double.NaN : (double)correct / data.Count, data.Count);
    }
}
