using PruneTheory.Graph;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using PruneTheory.Tests.Restoration;
using Xunit;
using EngineTensor = PruneTheory.Networks.Tensor;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>prune on conv chains and residual networks (BN folded into the engine model SequentialPruning scores).</summary>
public sealed class PruneConvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pt-pruneconv-" + Guid.NewGuid().ToString("N"));
    public PruneConvTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);
    private string F(string name) => Path.Combine(_dir, name);

    /// <summary>Writes <paramref name="rows"/> random images [rows, 1, 28, 28] with labels as F("calib.safetensors").</summary>
    private float[] Calibration(int rows, ulong seed)
    {
        var s = RngKey.FromSeed(seed).Stream();
        var x = Enumerable.Range(0, rows * 784).Select(_ => (float)s.NextDouble()).ToArray();
        var labels = TensorData.OfIntegers([rows], Enumerable.Range(0, rows).Select(i => (long)(i % 10)).ToArray());
        Safetensors.Write(F("calib.safetensors"), new Dictionary<string, TensorData> { ["x"] = new([rows, 1, 28, 28], x), ["labels"] = labels });
        return x;
    }

    private (int Code, string Text) Prune(string model, double ratio, string method = "biascomp", string style = "zeroed")
    {
        var w = new StringWriter();
        int code = PruneCommand.Run(new PruneArgs { Model = F(model), Method = method, Ratio = ratio, Calib = F("calib.safetensors"), Out = F("out.safetensors"), OutputStyle = style }, w);
        return (code, w.ToString());
    }

    [Fact]
    public void Ratio_zero_on_a_conv_net_with_batchnorm_keeps_its_function()
    {
        // SmallVgg: bias-free convs + BatchNorm2d, Linear + BatchNorm1d; BN scales and shifts away from 1 and 0
        var state = NetworkDescriptionTests.Vgg(21).StateDict();
        var s = RngKey.FromSeed(22).Stream();
        foreach (var (_, t) in state.Where(kv => IsNorm(state, kv.Key, "weight")))
            for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)(0.5 + s.NextDouble());
        foreach (var (_, t) in state.Where(kv => IsNorm(state, kv.Key, "bias")))
            for (int i = 0; i < t.Data.Length; i++) t.Data[i] = (float)(0.4 * s.NextDouble() - 0.2);
        SameFunctionAtRatioZero(state, "1x28x28-c6-c8-16-10");
    }

    [Fact]
    public void Ratio_zero_on_a_conv_net_with_average_pools_and_tanh_keeps_its_function()
    {
        // conv + BN + ReLU + AvgPool2d(2), biased conv (no BN) + Tanh, AdaptiveAvgPool2d(1), Linear: an --arch-file (auto would infer max-pools)
        var s = RngKey.FromSeed(24).Stream();
        TensorData T(double lo, double hi, params int[] shape) => new(shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(lo + (hi - lo) * s.NextDouble())).ToArray());
        var state = new Dictionary<string, TensorData>
        {
            ["features.0.weight"] = T(-0.5, 0.5, 4, 1, 3, 3),
            ["features.1.weight"] = T(0.5, 1.5, 4), ["features.1.bias"] = T(-0.2, 0.2, 4), ["features.1.running_mean"] = T(-0.1, 0.1, 4), ["features.1.running_var"] = T(0.5, 1.5, 4),
            ["features.4.weight"] = T(-0.5, 0.5, 6, 4, 3, 3), ["features.4.bias"] = T(-0.1, 0.1, 6),
            ["classifier.weight"] = T(-0.5, 0.5, 10, 6), ["classifier.bias"] = T(-0.1, 0.1, 10),
        };
        File.WriteAllText(F("arch.json"), """
            {"input": [1, 28, 28], "layers": [{"type": "conv2d", "name": "features.0", "padding": 1}, {"type": "batchnorm", "name": "features.1"},
              {"type": "relu"}, {"type": "avgpool", "kernel": 2}, {"type": "conv2d", "name": "features.4", "padding": 1}, {"type": "tanh"},
              {"type": "avgpool", "global": true}, {"type": "flatten"}, {"type": "linear", "name": "classifier"}]}
            """);
        SameFunctionAtRatioZero(state, "1x28x28-c4-c6-10", F("arch.json"));
    }

    /// <summary>prune at ratio 0 (biascomp, so the statistics run too) writes a network computing what <paramref name="state"/> computes.</summary>
    private void SameFunctionAtRatioZero(Dictionary<string, TensorData> state, string arch, string? archFile = null)
    {
        Safetensors.Write(F("model.safetensors"), state);
        var x = Calibration(40, 23).Select(v => (double)v).ToArray();
        var w = new StringWriter();
        int code = PruneCommand.Run(new PruneArgs { Model = F("model.safetensors"), Ratio = 0, Calib = F("calib.safetensors"), Out = F("out.safetensors"), ArchFile = archFile }, w);
        Assert.True(code == 0, w.ToString());
        Assert.Contains($"pruned 0 of {state.Where(kv => kv.Value.Rank >= 2).Sum(kv => kv.Value.Data.Length)} weights (0.00%) of {arch} with EC", w.ToString());
        Network Read(IReadOnlyDictionary<string, TensorData> t) => archFile is null ? StateDictArch.Infer(t) : ArchFile.Load(archFile, t);
        var before = Forward.Run(Read(state), x, 40);
        var after = Forward.Run(Read(Safetensors.Read(F("out.safetensors"))), x, 40);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 1e-5 * (1 + Math.Abs(before[i])));
    }

    /// <summary>name is "&lt;bn&gt;.&lt;suffix&gt;" of a BatchNorm (its running_mean is stored).</summary>
    private static bool IsNorm(Dictionary<string, TensorData> state, string name, string suffix) =>
        name.EndsWith("." + suffix, StringComparison.Ordinal) && state.ContainsKey(name[..^suffix.Length] + "running_mean");

    [Fact]
    public void Ec_on_a_conv_net_without_batchnorm_is_the_librarys_sequential_pruning()
    {
        var key = RngKey.FromSeed(31);
        Sequential Build() => new(
            ("features", Sequential.Indexed(new PruneTheory.Networks.Conv2d(1, 4, 3, key.FoldIn("c0"), padding: 1), new ReLU(), new MaxPool2d(2),
                new PruneTheory.Networks.Conv2d(4, 6, 3, key.FoldIn("c3"), padding: 1), new ReLU(), new MaxPool2d(2))),
            ("flatten", new PruneTheory.Networks.Flatten()),
            ("classifier", Sequential.Indexed(new Dense(6 * 49, 16, true, key.FoldIn("d0")), new ReLU(), new Dense(16, 10, true, key.FoldIn("d2")))));
        var model = Build();
        Safetensors.Write(F("cnn.safetensors"), model.StateDict());
        var x = Calibration(60, 32);
        var (code, text) = Prune("cnn.safetensors", 0.6, "ec", "masked");
        Assert.True(code == 0, text);
        var imp = SequentialPruning.Score("ec", model, new EngineTensor([60, 1, 28, 28], x), default);
        var mask = Selection.Select(imp.Scores, 0.6, SelectionScope.Global);
        SequentialPruning.Apply(model, mask, imp);
        Assert.Contains($"pruned {Pruner.Count(mask)} of {imp.Scores.Sum(v => v.Length)}", text);
        var written = Safetensors.Read(F("out.safetensors"));
        foreach (var (name, t) in model.StateDict())
        {
            bool weight = name.EndsWith(".weight", StringComparison.Ordinal);
            var mine = written[weight ? name + "_orig" : name].Data;
            if (weight) Assert.Equal(t.Data, mine.Zip(written[name + "_mask"].Data, (v, m) => v * m).ToArray());
            else for (int i = 0; i < mine.Length; i++) Assert.Equal(t.Data[i], mine[i], 1e-6);
        }
    }

    [Fact]
    public void Ratio_zero_on_a_residual_network_with_all_three_shortcut_kinds_keeps_its_function()
    {
        // CIFAR-style names: stem conv1/bn1, layer1.0 identity, layer2.0 with a 1×1-conv shortcut (stride 2), layer3.0 option A
        // (stride 2, 6 → 8 channels, no shortcut tensors), global average pool, fc
        var s = RngKey.FromSeed(41).Stream();
        TensorData T(double lo, double hi, params int[] shape) => new(shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(lo + (hi - lo) * s.NextDouble())).ToArray());
        var state = new Dictionary<string, TensorData> { ["conv1.weight"] = T(-0.5, 0.5, 4, 1, 3, 3), ["fc.weight"] = T(-0.5, 0.5, 10, 8), ["fc.bias"] = T(-0.1, 0.1, 10) };
        void Bn(string name, int ch)
        {
            state[name + ".weight"] = T(0.5, 1.5, ch); state[name + ".bias"] = T(-0.2, 0.2, ch);
            state[name + ".running_mean"] = T(-0.1, 0.1, ch); state[name + ".running_var"] = T(0.5, 1.5, ch);
        }
        Bn("bn1", 4);
        foreach (var (block, cin, cout) in new[] { ("layer1.0", 4, 4), ("layer2.0", 4, 6), ("layer3.0", 6, 8) })
        {
            state[block + ".conv1.weight"] = T(-0.4, 0.4, cout, cin, 3, 3); Bn(block + ".bn1", cout);
            state[block + ".conv2.weight"] = T(-0.4, 0.4, cout, cout, 3, 3); Bn(block + ".bn2", cout);
        }
        state["layer2.0.shortcut.0.weight"] = T(-0.5, 0.5, 6, 4, 1, 1); Bn("layer2.0.shortcut.1", 6);
        SameFunctionAtRatioZero(state, "1x28x28-c4-c4-c4-c6-c6-c6-c8-c8-10");
    }

    [Fact]
    public void A_method_conv_nets_lack_exits_2_with_one_line_and_writes_nothing()
    {
        Calibration(8, 42);
        Safetensors.Write(F("vgg.safetensors"), NetworkDescriptionTests.Vgg(43).StateDict());
        var (code, text) = Prune("vgg.safetensors", 0.5, "taylor");
        Assert.Equal(2, code);
        Assert.Single(text.TrimEnd().Split('\n'));
        Assert.Contains("method 'taylor' is not supported on conv networks; supported there: biascomp (= ec), ec-exact", text);
        Assert.False(File.Exists(F("out.safetensors")));
    }
}
