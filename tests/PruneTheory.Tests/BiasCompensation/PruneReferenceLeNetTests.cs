using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>
/// The prune command end to end on the shared reference LeNet-300-100 (Fashion-MNIST, inputs (x − 0.5)/0.5, 89.80 %):
/// calibration = 2,000 preprocessed training images with labels, written as a safetensors file.
/// </summary>
public sealed class PruneReferenceLeNetTests(ITestOutputHelper output)
{
    private const string Reference = "reference/lenet-300-100-fmnist.safetensors";

    [SharedFileFact(Reference)]
    public void PruningTheReferenceNetThroughTheCommand()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pt-prune-ref-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var train = Datasets.FashionMnistTrain10k(); var test = Datasets.FashionMnistTest();
            const int n = 2000;
            var x = new float[n * 784]; var labels = new float[n];
            for (int i = 0; i < n; i++) { var img = train.Image(i); for (int q = 0; q < 784; q++) x[i * 784 + q] = (img[q] - 0.5f) / 0.5f; labels[i] = train.Labels[i]; }
            string calib = Path.Combine(dir, "calib.safetensors");
            Safetensors.Write(calib, new Dictionary<string, TensorData> { ["x"] = new([n, 784], x), ["labels"] = new([n], labels) });
            var testSet = ImageData.ToCalibration(test);
            for (int q = 0; q < testSet.X.Length; q++) testSet.X[q] = (testSet.X[q] - 0.5) / 0.5;
            double Accuracy(string path) => PruningSweep.Evaluate(EngineAdapter.FromStateDict(Safetensors.Read(path), HiddenActivation.Relu).Net, testSet).Accuracy;
            var results = new Dictionary<string, double>();
            foreach (var (method, ratio) in new[] { ("biascomp", 0.0), ("biascomp", 0.9), ("magnitude", 0.9), ("random", 0.9), ("biascomp", 0.95), ("magnitude", 0.95) })
            {
                string outPath = Path.Combine(dir, $"{method}-{ratio}.safetensors");
                var w = new StringWriter();
                Assert.Equal(0, PruneCommand.Run(new PruneArgs { Model = SharedFiles.Require(Reference), Method = method, Ratio = ratio, Calib = calib, Out = outPath }, w));
                results[$"{method}@{ratio}"] = Accuracy(outPath);
                output.WriteLine($"{method} {ratio}: test accuracy {results[$"{method}@{ratio}"]:P2}; {w.ToString().Split('\n')[0]}");
            }
            Assert.Equal(0.8980, results["biascomp@0"], 4);
            Assert.True(results["biascomp@0.9"] > results["random@0.9"] + 0.3);
        }
        finally { Directory.Delete(dir, true); }
    }
}
