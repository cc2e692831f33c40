using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Random;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.Networks;

/// <summary>The reference LeNet-300-100, loaded into the library's model, reproduces its stated accuracy.</summary>
public class ReferenceLeNetModelTests
{
    private const string Reference = "reference/lenet-300-100-fmnist.safetensors";

    [SharedFileFact(Reference)]
    public void Reference_weights_in_Models_LeNet300100_give_89_80_percent_on_Fashion_MNIST_test()
    {
        var model = Models.LeNet300100(RngKey.FromSeed(0));
        model.LoadStateDict(Safetensors.Read(SharedFiles.Require(Reference)));   // strict: names and shapes must match
        var test = Datasets.FashionMnistTest(new DataLocator([new DataLocator.Root("repo", RepoPaths.RepoDataDir())]));
        var eval = Trainer.Evaluate(model, test.ToLabeledData(PixelNormalization.MinusOneToOne), LossKind.CrossEntropy);
        Assert.Equal(10000, eval.Count);
        Assert.Equal(8980, (int)Math.Round(eval.Accuracy * eval.Count));
    }

    [Fact]
    public void ToLabeledData_normalises_and_shapes_inputs()
    {
        var d = new Dataset("t", 1, 2, [0f, 1f, 0.5f, 0.25f], [3, 4]);
        var flat = d.ToLabeledData(PixelNormalization.MinusOneToOne);
        Assert.Equal([2, 2], flat.Inputs.Shape);
        Assert.Equal(new[] { -1f, 1f, 0f, -0.5f }, flat.Inputs.Data);
        Assert.Equal([3, 4], flat.Labels!);
        var images = d.ToLabeledData(asImages: true);
        Assert.Equal([2, 1, 1, 2], images.Inputs.Shape);
        Assert.Equal(d.Images, images.Inputs.Data);
        Assert.NotSame(d.Images, images.Inputs.Data);
    }

    [Fact]
    public void Model_cache_trains_a_network_once_and_restores_it_exactly()
    {
        using var tmp = new TempDir();
        var spec = new { Sizes = new[] { 10, 16, 3 }, Epochs = 2, Lr = 0.05, Seed = 3 };
        int trainings = 0;
        Sequential Build() => Models.Mlp(spec.Sizes, bias: true, RngKey.FromSeed((ulong)spec.Seed).FoldIn("init"));
        void Train(Sequential m)
        {
            trainings++;
            Trainer.Fit(m, TrainingTests.Blobs(200, 1), new Sgd(m.Parameters, spec.Lr, momentum: 0.9), LossKind.CrossEntropy,
                new TrainOptions(spec.Epochs, 32), RngKey.FromSeed((ulong)spec.Seed).FoldIn("order"));
        }
        var first = new ModelCache(tmp.Path).GetOrTrain("mlp-test-v1", spec, Build, Train);
        var second = new ModelCache(tmp.Path).GetOrTrain("mlp-test-v1", spec, Build, Train);
        Assert.Equal(1, trainings);
        var a = first.StateDict(); var b = second.StateDict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var k in a.Keys) Assert.Equal(a[k].Data, b[k].Data);
        Assert.NotEqual(Build().StateDict()["0.weight"].Data, b["0.weight"].Data);   // really the trained weights
    }
}
