namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>Training loss: ½·mean‖f − y‖² (regression) or mean softmax cross-entropy with one-hot y.</summary>
public enum CalibrationLoss { HalfSquaredError, SoftmaxCrossEntropy }

/// <summary>Calibration samples: X (Count × InputSize) and targets Y (Count × OutputSize; one-hot for classification), row-major.</summary>
public sealed record CalibrationSet
{
    public double[] X { get; }
    public double[] Y { get; }
    public int Count { get; }
    public int InputSize { get; }
    public int OutputSize { get; }
    public CalibrationLoss Loss { get; }

    public CalibrationSet(double[] x, double[] y, int count, int inputSize, int outputSize, CalibrationLoss loss)
    {
        ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(y);
        if (count < 1 || inputSize < 1 || outputSize < 1) throw new ArgumentException("calibration set needs at least one sample and positive sizes");
        if (x.Length != (long)count * inputSize) throw new ArgumentException($"X needs {count}×{inputSize} values, got {x.Length}");
        if (y.Length != (long)count * outputSize) throw new ArgumentException($"Y needs {count}×{outputSize} values, got {y.Length}");
        X = x; Y = y; Count = count; InputSize = inputSize; OutputSize = outputSize; Loss = loss;
    }

    /// <summary>Rows [start, start+rows) as a new set. O(rows × (d_in + d_out)).</summary>
    public CalibrationSet Slice(int start, int rows)
    {
        if (start < 0 || rows < 1 || start + rows > Count) throw new ArgumentException($"bad slice [{start}, {start + rows}) of {Count}");
        return new CalibrationSet(X[(start * InputSize)..((start + rows) * InputSize)], Y[(start * OutputSize)..((start + rows) * OutputSize)],
            rows, InputSize, OutputSize, Loss);
    }

    /// <summary>The samples reordered by <paramref name="order"/> (a permutation or subset of row indices).</summary>
    public CalibrationSet Reorder(int[] order)
    {
        var x = new double[order.Length * InputSize]; var y = new double[order.Length * OutputSize];
        for (int r = 0; r < order.Length; r++)
        {
            Array.Copy(X, order[r] * InputSize, x, r * InputSize, InputSize);
            Array.Copy(Y, order[r] * OutputSize, y, r * OutputSize, OutputSize);
        }
        return new CalibrationSet(x, y, order.Length, InputSize, OutputSize, Loss);
    }

    /// <summary>Per-sample ∂ℓ_n/∂f for the loss: f − y (half squared error) or softmax(f) − y (cross-entropy).</summary>
    public static double[] OutputError(double[] f, double[] y, int rows, int dOut, CalibrationLoss loss)
    {
        var d = new double[rows * dOut];
        if (loss == CalibrationLoss.HalfSquaredError) { for (int q = 0; q < d.Length; q++) d[q] = f[q] - y[q]; return d; }
        var p = Softmax(f, rows, dOut);
        for (int q = 0; q < d.Length; q++) d[q] = p[q] - y[q];
        return d;
    }

    /// <summary>Row-wise softmax, max-shifted. O(rows × dOut).</summary>
    public static double[] Softmax(double[] f, int rows, int dOut)
    {
        var p = new double[rows * dOut];
        for (int r = 0; r < rows; r++)
        {
            int o = r * dOut;
            double m = double.NegativeInfinity;
            for (int k = 0; k < dOut; k++) m = Math.Max(m, f[o + k]);
            double s = 0;
            for (int k = 0; k < dOut; k++) { p[o + k] = Math.Exp(f[o + k] - m); s += p[o + k]; }
            for (int k = 0; k < dOut; k++) p[o + k] /= s;
        }
        return p;
    }

    /// <summary>Mean loss of <paramref name="f"/> against Y.</summary>
    public double MeanLoss(double[] f)
    {
        double total = 0;
        for (int r = 0; r < Count; r++)
        {
            int o = r * OutputSize;
            if (Loss == CalibrationLoss.HalfSquaredError)
                for (int k = 0; k < OutputSize; k++) { double e = f[o + k] - Y[o + k]; total += 0.5 * e * e; }
            else
            {
                double m = double.NegativeInfinity, s = 0, dot = 0;
                for (int k = 0; k < OutputSize; k++) m = Math.Max(m, f[o + k]);
                for (int k = 0; k < OutputSize; k++) { s += Math.Exp(f[o + k] - m); dot += Y[o + k] * f[o + k]; }
                total += m + Math.Log(s) - dot;
            }
        }
        return total / Count;
    }
}
