using PruneTheory.Graph;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Random;
using Xunit;
using EngineTensor = PruneTheory.Networks.Tensor;

namespace PruneTheory.Tests.Restoration;

/// <summary>The network description read from state-dict names: same function as the engine, order from names, bad input refused.</summary>
public sealed class NetworkDescriptionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pt-netdesc-" + Guid.NewGuid().ToString("N"));
    public NetworkDescriptionTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);
    private string F(string name) => Path.Combine(_dir, name);

    /// <summary>A SmallVgg with non-trivial BN statistics, so that BN matters in the comparison.</summary>
    internal static Sequential Vgg(ulong seed)
    {
        var model = Models.SmallVgg(RngKey.FromSeed(seed), [6, 0, 8, 0], hidden: 16);
        var s = RngKey.FromSeed(seed + 100).Stream();
        foreach (var (name, t) in model.StateDict())
            if (name.EndsWith("running_mean")) for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)(0.2 * s.NextDouble() - 0.1);
            else if (name.EndsWith("running_var")) for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)(0.5 + s.NextDouble());
        return model;
    }

    private static double[] Inputs(int rows, int size, ulong seed)
    {
        var s = RngKey.FromSeed(seed).Stream();
        return Enumerable.Range(0, rows * size).Select(_ => s.NextDouble()).ToArray();
    }

    private static double[] Engine(Sequential model, double[] x, int[] shape)
    {
        var t = new EngineTensor(shape);
        for (int i = 0; i < x.Length; i++) t.Data[i] = (float)x[i];
        return model.Forward(t, false).Data.Select(v => (double)v).ToArray();
    }

    [Fact]
    public void Auto_description_of_a_small_vgg_computes_what_the_engine_computes()
    {
        var model = Vgg(1);
        var state = model.StateDict();
        var net = StateDictArch.Infer(state);
        Assert.Equal([1, 28, 28], net.InputShape);
        var x = Inputs(4, 784, 2);
        var a = Forward.Run(net, x, 4);
        var b = Engine(model, x, [4, 1, 28, 28]);
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-4 * (1 + Math.Abs(b[i])));
    }

    [Fact]
    public void Arch_file_and_auto_give_the_same_network_and_a_disagreeing_arch_file_names_the_tensor()
    {
        var state = Vgg(3).StateDict();
        const string layers = """
            {"type":"conv2d","name":"features.0","padding":1},{"type":"batchnorm","name":"features.1"},{"type":"relu"},{"type":"maxpool","kernel":2},
            {"type":"conv2d","name":"features.4","padding":1},{"type":"batchnorm","name":"features.5"},{"type":"relu"},{"type":"maxpool","kernel":2},
            {"type":"flatten"},{"type":"linear","name":"classifier.0"},{"type":"batchnorm","name":"classifier.1"},{"type":"relu"},{"type":"linear","name":"classifier.3"}
            """;
        var fromFile = ArchFile.Parse($$"""{"input":[1,28,28],"layers":[{{layers}}]}""", state);
        var x = Inputs(3, 784, 4);
        Assert.Equal(Forward.Run(StateDictArch.Infer(state), x, 3), Forward.Run(fromFile, x, 3));
        // one max-pool fewer: the classifier's in_features disagree, and the error names the tensor
        var wrong = layers.Replace("{\"type\":\"maxpool\",\"kernel\":2},\n{\"type\":\"flatten\"}", "{\"type\":\"flatten\"}", StringComparison.Ordinal);
        Assert.NotEqual(layers, wrong);
        File.WriteAllText(F("arch.json"), $$"""{"input":[1,28,28],"layers":[{{wrong}}]}""");
        Safetensors.Write(F("vgg.safetensors"), state);
        var w = new StringWriter();
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(F("vgg.safetensors"), "auto", "l2", 0.5, "lbyl", F("out.safetensors")) { ArchFile = F("arch.json") }, w));
        Assert.Single(w.ToString().TrimEnd().Split('\n'));
        Assert.Contains("'classifier.0.weight'", w.ToString());
        Assert.False(File.Exists(F("out.safetensors")));
    }

    [Fact]
    public void Equal_width_mlp_in_sequential_names_is_ordered_by_names_not_shapes()
    {
        // 784-256-256-10 (equal shapes in the middle) as nn.Sequential(Flatten, Linear, ReLU, Linear, ReLU, Linear): "1", "3", "5"
        var s = RngKey.FromSeed(5).Stream();
        TensorData T(params int[] shape) => new(shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(s.NextDouble() - 0.5) * 0.1f).ToArray());
        var state = new Dictionary<string, TensorData>
        {
            ["5.weight"] = T(10, 256), ["5.bias"] = T(10), ["3.weight"] = T(256, 256), ["3.bias"] = T(256), ["1.weight"] = T(256, 784), ["1.bias"] = T(256),
        };
        var net = StateDictArch.Infer(state);
        Assert.Equal(["1", "3", "5"], net.Nodes.OfType<Linear>().Select(l => l.Name));
        Assert.Equal(2, net.Nodes.OfType<Activation>().Count());
        Safetensors.Write(F("mlp.safetensors"), state);
        var x = new float[50 * 784]; var labels = new float[50];
        for (int q = 0; q < x.Length; q++) x[q] = (float)s.NextDouble();
        for (int r = 0; r < 50; r++) labels[r] = r % 10;
        Safetensors.Write(F("calib.safetensors"), new Dictionary<string, TensorData> { ["x"] = new([50, 784], x), ["labels"] = new([50], labels) });
        var w = new StringWriter();
        Assert.Equal(0, PruneCommand.Run(new PruneArgs { Model = F("mlp.safetensors"), Ratio = 0.5, Calib = F("calib.safetensors"), Out = F("p.safetensors") }, w));
        Assert.Contains("784-256-256-10", w.ToString());
    }

    [Fact]
    public void Integer_num_batches_tracked_is_read_and_written_back_in_its_dtype()
    {
        var state = Vgg(7).StateDict();
        state["features.1.num_batches_tracked"] = TensorData.OfIntegers([], [123456789012L]);
        Safetensors.Write(F("vgg.safetensors"), state);
        var w = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(new RestoreArgs(F("vgg.safetensors"), "auto", "l2", 0.5, "nm", F("out.safetensors")), w));
        var t = Safetensors.Read(F("out.safetensors"))["features.1.num_batches_tracked"];
        Assert.Equal("I64", t.DType);
        Assert.Equal([123456789012L], t.Integers!);
        Assert.Contains("features.0: kept 3/6", w.ToString());
        Assert.Equal(3, Safetensors.Load(F("out.safetensors")).Metadata["prunetheory.kept.features.0"].Split(',').Length);
    }

    [Fact]
    public void Narrowed_and_masked_outputs_compute_the_same_function()
    {
        var model = Vgg(9);
        Safetensors.Write(F("vgg.safetensors"), model.StateDict());
        foreach (var style in new[] { "narrowed", "masked", "zeroed" })
            Assert.Equal(0, RestoreCommand.Run(new RestoreArgs(F("vgg.safetensors"), "auto", "l2", 0.5, "lbyl", F($"{style}.safetensors")) { OutputStyle = style }, new StringWriter()));
        var masked = Safetensors.Read(F("masked.safetensors"));
        Assert.Contains("features.0.weight_orig", masked.Keys);
        Assert.Contains("features.0.weight_mask", masked.Keys);
        Assert.True(File.Exists(F("zeroed.masks.safetensors")));
        var plain = masked.Where(kv => !kv.Key.EndsWith("_mask")).ToDictionary(kv => kv.Key.Replace("_orig", ""), kv => kv.Value);
        var x = Inputs(3, 784, 10);
        var a = Forward.Run(StateDictArch.Infer(Safetensors.Read(F("narrowed.safetensors"))), x, 3);
        var b = Forward.Run(StateDictArch.Infer(plain), x, 3);
        var c = Forward.Run(StateDictArch.Infer(Safetensors.Read(F("zeroed.safetensors"))), x, 3);
        for (int i = 0; i < a.Length; i++) { Assert.Equal(a[i], b[i], 1e-4); Assert.Equal(a[i], c[i], 1e-4); }
    }

    [Fact]
    public void Unplaceable_tensors_and_nan_calibration_data_exit_2_naming_them_and_write_nothing()
    {
        var state = Vgg(11).StateDict();
        state["features.9.scale"] = new TensorData([3], [1, 2, 3]);
        Safetensors.Write(F("odd.safetensors"), state);
        var w = new StringWriter();
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(F("odd.safetensors"), "auto", "l2", 0.5, "lbyl", F("out.safetensors")), w));
        Assert.Contains("'features.9.scale'", w.ToString());
        var mlp = PruneTheory.Pruning.BiasCompensation.EngineAdapter.BuildSequential([6, 8, 3], PruneTheory.Pruning.BiasCompensation.HiddenActivation.Relu, RngKey.FromSeed(2));
        Safetensors.Write(F("mlp.safetensors"), mlp.StateDict());
        var x = new float[12]; x[7] = float.NaN;
        Safetensors.Write(F("nan.safetensors"), new Dictionary<string, TensorData> { ["x"] = new([2, 6], x), ["labels"] = new([2], [0, 1]) });
        Assert.Equal(2, PruneCommand.Run(new PruneArgs { Model = F("mlp.safetensors"), Ratio = 0.5, Calib = F("nan.safetensors"), Out = F("out.safetensors") }, w));
        Assert.Contains("'x' holds a non-finite value (NaN) at sample 1", w.ToString());
        Assert.Equal(2, w.ToString().TrimEnd().Split('\n').Length);
        // a conv net with calibration samples of another shape: one line naming both shapes
        Safetensors.Write(F("vgg.safetensors"), Vgg(11).StateDict());
        var v = new StringWriter();
        Assert.Equal(2, PruneCommand.Run(new PruneArgs { Model = F("vgg.safetensors"), Ratio = 0.5, Calib = F("nan.safetensors"), Out = F("out.safetensors") }, v));
        Assert.Contains("'x' has samples of [6], the model expects [1, 28, 28]", v.ToString());
        Assert.Single(v.ToString().TrimEnd().Split('\n'));
        Assert.False(File.Exists(F("out.safetensors")));
    }

    [Fact]
    public void A_normalisation_that_disagrees_with_the_metadata_is_a_warning()
    {
        var mlp = PruneTheory.Pruning.BiasCompensation.EngineAdapter.BuildSequential([784, 8, 10], PruneTheory.Pruning.BiasCompensation.HiddenActivation.Relu, RngKey.FromSeed(2));
        Safetensors.Write(F("mlp.safetensors"), mlp.StateDict(), new Dictionary<string, string> { ["prunetheory.normalize"] = "centered" });
        var w = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(new RestoreArgs(F("mlp.safetensors"), "auto", "l2", 0.5, "nm", F("out.safetensors")) { Normalize = "unit" }, w));
        Assert.Contains("warning: --normalize unit differs from the model's metadata (prunetheory.normalize states centered)", w.ToString());
        Assert.Equal("unit", Safetensors.Load(F("out.safetensors")).Metadata["prunetheory.normalize"]);
    }

    [Fact]
    public void Prune_on_an_mlp_with_batchnorm_reports_the_loss_of_the_network_it_wrote()
    {
        // Linear-BN-ReLU-Linear: the folded view is the network itself, so the printed calibration loss is the written network's
        var s = RngKey.FromSeed(13).Stream();
        TensorData T(int[] shape, double lo, double hi) => new(shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(lo + (hi - lo) * s.NextDouble())).ToArray());
        var state = new Dictionary<string, TensorData>
        {
            ["0.weight"] = T([12, 5], -0.5, 0.5), ["0.bias"] = T([12], -0.1, 0.1),
            ["1.weight"] = T([12], 0.5, 1.5), ["1.bias"] = T([12], -0.2, 0.2), ["1.running_mean"] = T([12], -0.1, 0.1), ["1.running_var"] = T([12], 0.5, 1.5),
            ["1.num_batches_tracked"] = TensorData.OfIntegers([], [7]),
            ["3.weight"] = T([3, 12], -0.5, 0.5), ["3.bias"] = T([3], -0.1, 0.1),
        };
        Safetensors.Write(F("bn.safetensors"), state);
        var x = T([100, 5], 0, 1);
        var labels = TensorData.OfIntegers([100], Enumerable.Range(0, 100).Select(i => (long)(i % 3)).ToArray());
        Safetensors.Write(F("calib.safetensors"), new Dictionary<string, TensorData> { ["x"] = x, ["labels"] = labels });
        var w = new StringWriter();
        Assert.Equal(0, PruneCommand.Run(new PruneArgs { Model = F("bn.safetensors"), Ratio = 0.5, Calib = F("calib.safetensors"), Out = F("p.safetensors"), Data = F("calib.safetensors") }, w));
        var text = w.ToString();
        double printed = double.Parse(System.Text.RegularExpressions.Regex.Match(text, @"calibration loss \S+ -> (\S+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var written = StateDictArch.Infer(Safetensors.Read(F("p.safetensors")));
        var (_, loss) = NetworkEval.Evaluate(written, x.Data.Select(v => (double)v).ToArray(), Enumerable.Range(0, 100).Select(i => i % 3).ToArray());
        Assert.True(Math.Abs(loss - printed) <= 1e-4 * Math.Max(1, loss), $"printed {printed}, written network {loss}");
        Assert.Contains(FormattableString.Invariant($"after: {loss:G6}"), text);
        Assert.Equal(7L, Safetensors.Read(F("p.safetensors"))["1.num_batches_tracked"].Integers![0]);
    }
}
