using PruneTheory.Data;
using PruneTheory.Graph;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Claims.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Labelled inputs, [Count, sample shape] row-major: pixels in [0, 1] for the built-in sets (<see cref="Raw"/>: the
/// model's normalisation is applied to them), a file's x as the network sees it (used as stored).
/// </summary>
public sealed record LabelledInputs(double[] X, int[] Labels, int[] SampleShape, string Source, bool Raw)
{
    public int Count => Labels.Length;
    public int SampleSize => SampleShape.Aggregate(1, (a, b) => a * b);

    /// <summary>
    /// --data: "fashion-mnist" / "fashion" (the 10,000 Fashion-MNIST test images), "mnist" (the suite's MNIST test
    /// split), a folder holding the Fashion-MNIST test IDX files, or a safetensors file with "x" [N, …] and "labels" [N].
    /// Pixels of the built-in sets lie in [0, 1].
    /// </summary>
    public static LabelledInputs Load(string data)
    {
        Dataset? set = data switch
        {
            "fashion-mnist" or "fashion" => Datasets.FashionMnistTest(),
            "mnist" => ImageData.Load("mnist", 1).Test,
            _ when Directory.Exists(data) => Datasets.FashionMnistTest(new DataLocator(data)),
            _ => null,
        };
        if (set is not null)
            return new LabelledInputs(set.Images.Select(v => (double)v).ToArray(), (int[])set.Labels.Clone(), [1, set.Rows, set.Cols], data, true);
        if (!File.Exists(data)) throw new ArgumentException($"--data '{data}' is neither fashion-mnist, mnist, a folder nor an existing safetensors file");
        SafetensorsFile f;
        try { f = Safetensors.Load(data); }
        catch (InvalidDataException e) { throw new ArgumentException($"--data: {e.Message}"); }
        if (!f.Tensors.TryGetValue("x", out var x) || x.Rank < 2) throw new ArgumentException($"--data {data}: needs a tensor 'x' [N, …]");
        if (!f.Tensors.TryGetValue("labels", out var l) || l.Rank != 1 || l.Shape[0] != x.Shape[0]) throw new ArgumentException($"--data {data}: needs 'labels' [N] = [{x.Shape[0]}]");
        var xs = new double[x.Data.Length];
        for (int i = 0; i < xs.Length; i++)
            if (!double.IsFinite(xs[i] = x.Data[i])) throw new ArgumentException($"--data {data}: 'x' holds a non-finite value ({x.Data[i]}) at sample {i / (xs.Length / x.Shape[0])}");
        var labels = new int[l.Shape[0]];
        for (int r = 0; r < labels.Length; r++)
        {
            double v = l.Integers is { } ints ? ints[r] : l.Data[r];
            if (v < 0 || v != Math.Floor(v)) throw new ArgumentException($"--data {data}: label {v} of sample {r} is not a class index");
            labels[r] = (int)v;
        }
        return new LabelledInputs(xs, labels, x.Shape[1..], data, false);
    }

    /// <summary>The inputs for <paramref name="net"/>, normalised when <see cref="Raw"/> (sizes checked, labels within its classes).</summary>
    public double[] For(Network net, InputNormalization norm)
    {
        if (SampleSize != net.InputSize) throw new ArgumentException($"--data {Source}: samples of [{string.Join(", ", SampleShape)}] do not fit the network's input [{string.Join(", ", net.InputShape)}]");
        int bad = Array.FindIndex(Labels, v => v >= net.Classes);
        if (bad >= 0) throw new ArgumentException($"--data {Source}: label {Labels[bad]} of sample {bad} is not one of the network's {net.Classes} classes");
        var x = (double[])X.Clone();
        if (Raw) norm.Apply(x);
        return x;
    }
}

/// <summary>Test accuracy (argmax, first maximum on ties, as torch.argmax) and mean softmax cross-entropy.</summary>
public static class NetworkEval
{
    public static (double AccuracyPercent, double Loss) Evaluate(Network net, double[] x, int[] labels)
    {
        var logits = Forward.Run(net, x, labels.Length);
        int k = net.Classes, correct = 0;
        double loss = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            var row = logits.AsSpan(r * k, k);
            int best = 0;
            double max = row[0];
            for (int c = 1; c < k; c++) if (row[c] > max) { max = row[c]; best = c; }
            if (best == labels[r]) correct++;
            double sum = 0;
            foreach (var v in row) sum += Math.Exp(v - max);
            loss += max + Math.Log(sum) - row[labels[r]];
        }
        return (100.0 * correct / labels.Length, loss / labels.Length);
    }
}
