using PruneTheory.IO;
using PruneTheory.Laws;
using PruneTheory.Laws.External;
using Xunit;

namespace PruneTheory.Tests.Laws;

/// <summary>The kit's nn.Sequential files: names as PyTorch writes them, a lossless round trip of float32 cases, refusals that name the tensor.</summary>
public class SequentialFormatTests
{
    private static LawCase Case(NetShape shape) => FsCheck.Fluent.Gen.Sample(LawGen.Case(shape), 1)[0];

    [Fact]
    public void Names_follow_nn_Sequential_with_relu_indices_skipped()
    {
        var net = FsCheck.Fluent.Gen.Sample(LawGen.Net(new NetShape(MinHidden: 2, MaxHidden: 2, BatchNorm: true)), 1)[0];
        var names = SequentialFormat.Tensors(net).Keys.Order().ToArray();
        Assert.Equal(["0.bias", "0.weight", "1.bias", "1.running_mean", "1.running_var", "1.weight",
            "3.bias", "3.weight", "4.bias", "4.running_mean", "4.running_var", "4.weight", "6.bias", "6.weight"], names);
        Assert.StartsWith("nn.Sequential(Linear(", SequentialFormat.Metadata(net)[SequentialFormat.ArchitectureKey]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float32_cases_round_trip_exactly(bool batchNorm)
    {
        foreach (var c in FsCheck.Fluent.Gen.Sample(LawGen.Case(new NetShape(BatchNorm: batchNorm, Float32: true)), 10))
        {
            var (bytes, _) = ExternalProgram.InputFiles(c, Granularity.Weights);
            var back = SequentialFormat.Read(Safetensors.Parse(bytes));
            Assert.Equal(c.Net.ToString(), back.Net.ToString());
            Assert.Equal(0, NetOps.MaxRelativeDifference(c.Net.Forward(c.Calibration), back.Net.Forward(c.Calibration)));
            Assert.Null(back.Masks);
        }
    }

    [Fact]
    public void Torch_prune_pairs_give_masks_and_the_masked_weight()
    {
        var t = new Dictionary<string, TensorData>
        {
            ["0.weight_orig"] = new([2, 2], [1, 2, 3, 4]), ["0.weight_mask"] = new([2, 2], [1, 0, 1, 1]), ["0.bias"] = new([2], [0, 0]),
            ["2.weight"] = new([1, 2], [5, 6]), ["2.bias"] = new([1], [0]),
        };
        var net = SequentialFormat.Read(new SafetensorsFile(t, new Dictionary<string, string>()));
        Assert.True(net.Masks![0][0, 1]);
        Assert.Equal(0, net.Net.Layers[0].W[0, 1]);
        Assert.Equal(3, net.Net.Layers[0].W.Cast<double>().Count(x => x != 0));
        Assert.False(net.Masks[1][0, 0]);
    }

    [Theory]
    [InlineData("features.0.weight", "'features.0.weight' is not an nn.Sequential parameter")]
    [InlineData("0.scale", "'0.scale' cannot be placed")]
    public void Unplaceable_tensors_are_refused_by_name(string name, string message)
    {
        var t = SequentialFormat.Tensors(Case(NetShape.Dense).Net);
        t[name] = new TensorData([1], [1]);
        var ex = Assert.Throws<InvalidDataException>(() => SequentialFormat.Read(new SafetensorsFile(t, new Dictionary<string, string>())));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Layers_that_do_not_chain_are_refused()
    {
        var t = new Dictionary<string, TensorData> { ["0.weight"] = new([3, 2], new float[6]), ["2.weight"] = new([1, 2], new float[2]) };
        var ex = Assert.Throws<InvalidDataException>(() => SequentialFormat.Read(new SafetensorsFile(t, new Dictionary<string, string>())));
        Assert.Contains("do not chain", ex.Message);
    }

    [Fact]
    public void Kept_units_are_read_by_linear_module_index()
    {
        var t = new Dictionary<string, TensorData> { ["0.weight"] = new([2, 1], [1, 2]), ["2.weight"] = new([1, 2], [3, 4]) };
        var file = SequentialFormat.Read(new SafetensorsFile(t, new Dictionary<string, string> { ["kept_units"] = SequentialFormat.KeptUnitsJson([0], [[1, 3]]) }));
        Assert.Equal([[1, 3]], SequentialFormat.KeptUnits(file)!);
        var missing = SequentialFormat.Read(new SafetensorsFile(t, new Dictionary<string, string> { ["kept_units"] = "{\"5\": [0]}" }));
        Assert.Contains("no entry \"0\"", Assert.Throws<InvalidDataException>(() => SequentialFormat.KeptUnits(missing)).Message);
    }

    [Fact]
    public void Counter_example_files_keep_the_whole_case()
    {
        var c = Case(new NetShape(BatchNorm: true, Float32: true));
        string path = Path.Combine(Directory.CreateTempSubdirectory("laws-ce-").FullName, "case.safetensors");
        CounterExampleFile.Save(path, c, Granularity.Neurons, "monotone-selection");
        var back = CounterExampleFile.Load(path);
        Assert.Equal(c.ToString(), back.Case.ToString());
        Assert.Equal(c.Calibration, back.Case.Calibration);
        Assert.Equal((Granularity.Neurons, "monotone-selection"), (back.Granularity, back.Law));
    }
}

/// <summary>The count an external program was asked for: ρn rounded either way, over all weights or per layer.</summary>
public class RequestedCountTests
{
    [Theory]
    [InlineData(0.3, 10, 3, 3)]     // 0.3 · 10 is 3, not 3.0000000000000004: only 3 is accepted
    [InlineData(0.25, 10, 2, 3)]
    [InlineData(0.5, 4, 2, 2)]
    public void Bounds_are_floor_and_ceiling(double ratio, long n, long lo, long hi) =>
        Assert.Equal((lo, hi), RequestedCount.Bounds(ratio, n));

    [Fact]
    public void Global_or_layerwise_counts_are_accepted_and_an_off_by_one_is_not()
    {
        Assert.Equal(3, RequestedCount.Weights(0.25, [6, 4], [2, 1]).Requested);        // 2.5 → 2 or 3 in all
        Assert.Equal(2, RequestedCount.Weights(0.3, [5, 5], [1, 1]).Requested);         // 1.5 → 1 or 2 per layer; 3 in all
        var (requested, rule) = RequestedCount.Weights(0.5, [2, 2], [2, 1]);           // 3 of 4 at ρ = ½
        Assert.Equal(2, requested);
        Assert.Contains("n = 4", rule);
        Assert.Equal(1, RequestedCount.Neurons(0.5, [2], [1]).Requested);
        Assert.Equal(1, RequestedCount.Neurons(0.7, [2], [2]).Requested);               // removing every unit is never asked
    }
}
