using PruneTheory.IO;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class PruneCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pt-prune-" + Guid.NewGuid().ToString("N"));
    private string ModelPath => Path.Combine(_dir, "in.safetensors");
    private string CalibPath => Path.Combine(_dir, "calib.safetensors");
    private string OutPath => Path.Combine(_dir, "out.safetensors");

    public PruneCommandTests()
    {
        Directory.CreateDirectory(_dir);
        var model = EngineAdapter.BuildSequential([6, 10, 8, 3], HiddenActivation.Relu, RngKey.FromSeed(2), PruneTheory.Networks.InitScheme.PyTorchDefault);
        Safetensors.Write(ModelPath, model.StateDict());
        var s = RngKey.FromSeed(3).Stream();
        var x = new float[200 * 6]; var labels = new float[200];
        for (int q = 0; q < x.Length; q++) x[q] = (float)s.NextDouble();
        for (int r = 0; r < 200; r++) labels[r] = s.NextInt(3);
        Safetensors.Write(CalibPath, new Dictionary<string, TensorData> { ["x"] = new([200, 6], x), ["labels"] = new([200], labels) });
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private (int Code, string Text) Run(PruneArgs a)
    {
        var w = new StringWriter();
        return (PruneCommand.Run(a, w), w.ToString());
    }

    private PruneArgs Args(string method = "biascomp", double ratio = 0.6) =>
        new() { Model = ModelPath, Method = method, Ratio = ratio, Calib = CalibPath, Out = OutPath };

    [Fact]
    public void PrunesExactlyKWeightsAndMatchesTheLibrary()
    {
        var (code, text) = Run(Args());
        Assert.Equal(0, code);
        var outT = Safetensors.Load(OutPath);
        var (net, wn, bn) = EngineAdapter.FromStateDict(Safetensors.Read(ModelPath), HiddenActivation.Relu);
        int n = (int)net.WeightCount, k = (int)Selection.PruneCount(0.6, n);
        Assert.Contains($"pruned {k} of {n}", text);
        Assert.Equal(k.ToString(), outT.Metadata["prunetheory.pruned_weights"]);
        // the same pruning through the library
        var x = Safetensors.Read(CalibPath);
        var y = new double[200 * 3];
        for (int r = 0; r < 200; r++) y[r * 3 + (int)x["labels"].Data[r]] = 1;
        var calib = new CalibrationSet(x["x"].Data.Select(v => (double)v).ToArray(), y, 200, 6, 3, CalibrationLoss.SoftmaxCrossEntropy);
        var (pruned, _) = PruningMethods.OneShot(net, calib, PruningMethods.Create("ec", default), 0.6);
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(EngineAdapter.ToFloat(pruned.Weights[l]), outT.Tensors[wn[l]].Data);
            Assert.Equal(EngineAdapter.ToFloat(pruned.Biases[l]), outT.Tensors[bn[l]].Data);
        }
        Assert.NotEqual(Safetensors.Read(ModelPath)[bn[0]].Data, outT.Tensors[bn[0]].Data);   // biases were compensated
    }

    [Theory]
    [InlineData("biascomp", 1.5)]
    [InlineData("nosuchmethod", 0.5)]
    [InlineData("biascomp", double.NaN)]
    public void BadArgumentsExitTwoWithOneLineAndWriteNothing(string method, double ratio)
    {
        var (code, text) = Run(Args(method, ratio));
        Assert.Equal(2, code);
        Assert.Single(text.TrimEnd().Split('\n'));
        Assert.False(File.Exists(OutPath));
    }

    [Fact]
    public void BadFilesExitTwo()
    {
        Assert.Equal(2, Run(Args() with { Model = Path.Combine(_dir, "missing.safetensors") }).Code);
        File.WriteAllBytes(Path.Combine(_dir, "junk.safetensors"), [1, 2, 3, 4]);
        Assert.Equal(2, Run(Args() with { Model = Path.Combine(_dir, "junk.safetensors") }).Code);
        Assert.Equal(2, Run(Args() with { Calib = Path.Combine(_dir, "junk.safetensors") }).Code);
        Safetensors.Write(Path.Combine(_dir, "xonly.safetensors"), new Dictionary<string, TensorData> { ["x"] = new([2, 6], new float[12]) });
        Assert.Equal(2, Run(Args("taylor") with { Calib = Path.Combine(_dir, "xonly.safetensors") }).Code);   // needs targets
        Safetensors.Write(Path.Combine(_dir, "wrongdim.safetensors"), new Dictionary<string, TensorData> { ["x"] = new([2, 5], new float[10]) });
        Assert.Equal(2, Run(Args() with { Calib = Path.Combine(_dir, "wrongdim.safetensors") }).Code);
        Assert.False(File.Exists(OutPath));
        Assert.Equal(0, Run(Args("magnitude") with { Calib = Path.Combine(_dir, "xonly.safetensors") }).Code);
    }
}
