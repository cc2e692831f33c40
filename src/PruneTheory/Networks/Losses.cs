namespace PruneTheory.Networks;

/// <summary>A loss value (mean over the batch, as PyTorch's reduction="mean") and its gradient w.r.t. the prediction.</summary>
public readonly record struct LossResult(double Value, Tensor Gradient);

/// <summary>Losses with analytic gradients; sums in double. O(N·C).</summary>
public static class Losses
{
    /// <summary>
    /// Mean over samples of −log softmax(logits)[label] (PyTorch CrossEntropyLoss), computed with the
    /// max-shift log-sum-exp; gradient (softmax − onehot)/N.
    /// </summary>
    public static LossResult SoftmaxCrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        logits.RequireRank(2, "SoftmaxCrossEntropy");
        int n = logits[0], c = logits[1];
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for a batch of {n}");
        var grad = new Tensor(n, c);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int y = labels[i];
            if ((uint)y >= (uint)c) throw new ArgumentException($"label {y} of sample {i} is outside 0..{c - 1}");
            var row = logits.Data.AsSpan(i * c, c);
            double max = double.NegativeInfinity;
            foreach (float v in row) max = Math.Max(max, v);
            double sum = 0;
            foreach (float v in row) sum += Math.Exp(v - max);
            double logZ = max + Math.Log(sum);
            total += logZ - row[y];
            var g = grad.Data.AsSpan(i * c, c);
            for (int j = 0; j < c; j++) g[j] = (float)((Math.Exp(row[j] - logZ) - (j == y ? 1.0 : 0.0)) / n);
        }
        return new LossResult(total / n, grad);
    }

    /// <summary>Mean squared error over all elements (PyTorch MSELoss); gradient 2(y − t)/count.</summary>
    public static LossResult MeanSquaredError(Tensor prediction, Tensor target)
    {
        if (!prediction.SameShape(target))
            throw new ArgumentException($"MSE: prediction {prediction.ShapeText} and target {target.ShapeText} differ in shape");
        int count = prediction.Length;
        if (count == 0) throw new ArgumentException("MSE of an empty tensor");
        var grad = new Tensor((int[])prediction.Shape.Clone());
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            double d = (double)prediction.Data[i] - target.Data[i];
            total += d * d;
            grad.Data[i] = (float)(2 * d / count);
        }
        return new LossResult(total / count, grad);
    }

    /// <summary>Index of the largest logit per row (first on ties).</summary>
    public static int[] ArgMax(Tensor logits)
    {
        logits.RequireRank(2, "ArgMax");
        int n = logits[0], c = logits[1];
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = logits.Data.AsSpan(i * c, c);
            int best = 0;
            for (int j = 1; j < c; j++) if (row[j] > row[best]) best = j;
            result[i] = best;
        }
        return result;
    }
}
