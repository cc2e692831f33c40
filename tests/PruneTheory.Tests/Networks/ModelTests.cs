using System.Text.Json;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class ModelTests
{
    private static string Shapes(Dictionary<string, TensorData> sd) =>
        string.Join(";", sd.Select(kv => kv.Key + "=" + string.Join("x", kv.Value.Shape)));

    [Fact]
    public void LeNetStateDictMatchesTheOfficialCheckpointNames()
    {
        var sd = Models.LeNet300100(RngKey.FromSeed(1)).StateDict();
        Assert.Equal("ip1.weight=300x784;ip1.bias=300;ip2.weight=100x300;ip2.bias=100;ip3.weight=10x100;ip3.bias=10", Shapes(sd));
        // the shared reference checkpoint (absent in a fresh clone without ../shared: then only the literal check above runs)
        const string reference = "/work/shared/reference/lenet-300-100-fmnist.safetensors";
        if (!File.Exists(reference)) return;
        using var f = File.OpenRead(reference);
        var len = new byte[8]; f.ReadExactly(len);
        var header = new byte[BitConverter.ToInt64(len)]; f.ReadExactly(header);
        using var doc = JsonDocument.Parse(header);
        var names = doc.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Select(p => p.Name + "=" + string.Join("x", p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())));
        Assert.Equal(names.OrderBy(s => s), Shapes(sd).Split(';').OrderBy(s => s));
    }

    [Fact]
    public void SmallVggAndTwoLayerNamesFollowPyTorch()
    {
        var vgg = Models.SmallVgg(RngKey.FromSeed(1)).StateDict();
        Assert.Equal("features.0.weight=16x1x3x3;features.1.weight=16;features.1.bias=16;features.1.running_mean=16;features.1.running_var=16;" +
                     "features.4.weight=32x16x3x3;features.5.weight=32;features.5.bias=32;features.5.running_mean=32;features.5.running_var=32;" +
                     "classifier.0.weight=128x1568;classifier.0.bias=128;classifier.1.weight=128;classifier.1.bias=128;" +
                     "classifier.1.running_mean=128;classifier.1.running_var=128;classifier.3.weight=10x128;classifier.3.bias=10", Shapes(vgg));
        Assert.Equal("0.weight=20x7;2.weight=3x20", Shapes(Models.TwoLayerRelu(7, 20, 3, RngKey.FromSeed(2)).StateDict()));
        var y = Models.SmallVgg(RngKey.FromSeed(1)).Forward(GradCheck.Random(RngKey.FromSeed(3), 2, 1, 28, 28), training: false);
        Assert.Equal([2, 10], y.Shape);
    }

    [Fact]
    public void InitIsPyTorchUniformAndDeterministic()
    {
        var a = Models.LeNet300100(RngKey.FromSeed(5)); var b = Models.LeNet300100(RngKey.FromSeed(5));
        Assert.Equal(a.StateDict()["ip1.weight"].Data, b.StateDict()["ip1.weight"].Data);
        Assert.NotEqual(a.StateDict()["ip1.weight"].Data, Models.LeNet300100(RngKey.FromSeed(6)).StateDict()["ip1.weight"].Data);
        var w = a.StateDict()["ip2.weight"].Data;
        double bound = 1 / Math.Sqrt(300);
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        double var = w.Select(v => (double)v * v).Average();
        Assert.InRange(var / (bound * bound / 3), 0.95, 1.05);       // U(±b) has variance b²/3
        var he = Models.LeNet300100(RngKey.FromSeed(5), InitScheme.HeNormal).StateDict();
        Assert.InRange(he["ip2.weight"].Data.Select(v => (double)v * v).Average() / (2.0 / 300), 0.95, 1.05);
        Assert.All(he["ip2.bias"].Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void StateDictRoundTripReproducesTheFunction()
    {
        var src = Models.SmallVgg(RngKey.FromSeed(1), [4, 0, 6, 0], hidden: 8);
        var x = GradCheck.Random(RngKey.FromSeed(2), 5, 1, 28, 28);
        src.Forward(x, training: true); // moves running statistics away from their defaults
        var dst = Models.SmallVgg(RngKey.FromSeed(99), [4, 0, 6, 0], hidden: 8);
        var sd = src.StateDict();
        sd["features.1.num_batches_tracked"] = new TensorData([], [1f]);
        dst.LoadStateDict(sd);
        Assert.Equal(src.Forward(x, false).Data, dst.Forward(x, false).Data);
        sd.Remove("features.1.running_var");
        Assert.Throws<ArgumentException>(() => dst.LoadStateDict(sd));
        var bad = src.StateDict(); bad["classifier.3.bias"] = new TensorData([9], new float[9]);
        Assert.Throws<ArgumentException>(() => dst.LoadStateDict(bad));
        var extra = src.StateDict(); extra["foo.weight"] = new TensorData([1], [1f]);
        Assert.Throws<ArgumentException>(() => dst.LoadStateDict(extra));
        dst.LoadStateDict(extra, strict: false);
    }

    [Fact]
    public void ForwardTraceEndsWithTheOutputAndBackwardCanBeRepeated()
    {
        var model = Models.SmallVgg(RngKey.FromSeed(4), [3, 0], hidden: 6, classes: 4, imageSize: 6);
        var x = GradCheck.Random(RngKey.FromSeed(5), 3, 1, 6, 6);
        var trace = model.ForwardTrace(x, training: false);
        Assert.Equal(["features.0", "features.1", "features.2", "features.3", "flatten", "classifier.0", "classifier.1", "classifier.2", "classifier.3"],
            trace.Select(t => t.Name));
        Assert.Equal(model.Forward(x, false).Data, trace[^1].Output.Data);
        // one backward pass per output coordinate (Jacobian rows) needs Backward to be repeatable
        var g = new Tensor(3, 4); g.Data[1] = 1f;
        var dx1 = model.Backward(g)!.Data; var dw1 = (float[])model.Parameters[0].Grad.Data.Clone();
        model.Backward(new Tensor(3, 4));
        var dx2 = model.Backward(g)!.Data;
        Assert.Equal(dx1, dx2);
        Assert.Equal(dw1, model.Parameters[0].Grad.Data);
    }
}
