using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Networks;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>Fashion-MNIST as the NM/LBYL LeNet code sees it, and the shared reference checkpoint (spec §8).</summary>
public static class FashionLeNet
{
    public const string ReferenceFile = "lenet-300-100-fmnist.safetensors";

    /// <summary>Environment variable naming a folder that holds the reference checkpoint (overrides the lookup).</summary>
    public const string ReferenceDirVariable = "PRUNETHEORY_REFERENCE_DIR";

    /// <summary>
    /// The reference checkpoint: $PRUNETHEORY_REFERENCE_DIR, else shared/reference/ in the repository root's parent
    /// (../shared, root found by walking up to PruneTheory.sln) or, for git worktrees nested deeper, in a further ancestor.
    /// Null when absent.
    /// </summary>
    public static string? ReferencePath()
    {
        if (Environment.GetEnvironmentVariable(ReferenceDirVariable) is { Length: > 0 } env)
            return File.Exists(Path.Combine(env, ReferenceFile)) ? Path.Combine(env, ReferenceFile) : null;
        var root = RepoPaths.FindRoot();
        for (var dir = root is null ? null : Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "reference", ReferenceFile);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>Images x/255 then (x − 0.5)/0.5, flattened row-major to [N, 784] (or [N, 1, 28, 28] as images). O(N·784).</summary>
    public static LabeledData Normalised(Dataset data, bool asImages = false) => data.ToLabeledData(PixelNormalization.MinusOneToOne, asImages);

    /// <summary>The 10 000 test images, normalised.</summary>
    public static LabeledData Test(bool asImages = false) => Normalised(Datasets.FashionMnistTest(), asImages);

    /// <summary>Top-1 accuracy in percent (argmax of the logits, eval mode).</summary>
    public static double AccuracyPercent(Layer model, LabeledData data) =>
        100.0 * Trainer.Evaluate(model, data, LossKind.CrossEntropy).Accuracy;
}
