using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.IO;

/// <summary>
/// End-to-end check of safetensors reading, the committed test set and the documented preprocessing:
/// the reference LeNet-300-100 must score exactly its stated 89.80% on the Fashion-MNIST test set.
/// The forward pass here is a deliberately naive oracle (float64 loops, PyTorch Linear layout
/// weight[out, in]), independent of the library's layers.
/// </summary>
public class ReferenceLeNetTests
{
    private const string Reference = "reference/lenet-300-100-fmnist.safetensors";

    [SharedFileFact(Reference)]
    public void Reference_LeNet_300_100_scores_89_80_percent_on_the_committed_test_set()
    {
        var file = Safetensors.Load(SharedFiles.Require(Reference));
        var test = Datasets.FashionMnistTest(new DataLocator([new DataLocator.Root("repo", RepoPaths.RepoDataDir())]));
        var p = file.Tensors;
        int correct = 0;
        Parallel.For(0, test.Count, i =>
        {
            // Stated preprocessing: x/255 (done by Dataset), then (x - 0.5) / 0.5.
            var x = new double[test.Features];
            var img = test.Image(i);
            for (int k = 0; k < x.Length; k++) x[k] = (img[k] - 0.5) / 0.5;
            var h1 = Linear(p["ip1.weight"], p["ip1.bias"], x, relu: true);
            var h2 = Linear(p["ip2.weight"], p["ip2.bias"], h1, relu: true);
            var logits = Linear(p["ip3.weight"], p["ip3.bias"], h2, relu: false);
            if (Array.IndexOf(logits, logits.Max()) == test.Labels[i]) Interlocked.Increment(ref correct);
        });
        Assert.Equal(8980, correct);
        Assert.Equal(file.Metadata["test_accuracy_percent"], (100.0 * correct / test.Count).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double[] Linear(TensorData w, TensorData b, double[] x, bool relu)
    {
        int outs = w.Shape[0], ins = w.Shape[1];
        if (ins != x.Length) throw new ArgumentException($"weight [{outs},{ins}] applied to {x.Length} inputs");
        float[] wd = w.Data;
        var y = new double[outs];
        for (int o = 0; o < outs; o++)
        {
            double s = b.Data[o];
            for (int k = 0; k < ins; k++) s += (double)wd[o * ins + k] * x[k];
            y[o] = relu ? Math.Max(0, s) : s;
        }
        return y;
    }
}
