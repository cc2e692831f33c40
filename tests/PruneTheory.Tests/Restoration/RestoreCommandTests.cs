using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Claims.Restoration;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Restoration;

public class RestoreCommandTests
{
    private static string TempDir() { var d = Path.Combine(Path.GetTempPath(), "pt-restore-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(d); return d; }

    private static string RandomLeNet(string dir)
    {
        var path = Path.Combine(dir, "in.safetensors");
        Safetensors.Write(path, Models.LeNet300100(RngKey.FromSeed(9)).StateDict());
        return path;
    }

    [Fact]
    public void Restores_a_random_lenet_and_writes_the_smaller_network()
    {
        var dir = TempDir();
        var args = new RestoreArgs(RandomLeNet(dir), "lenet-300-100", "l2", 0.5, "lbyl", Path.Combine(dir, "out.safetensors"));
        var output = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(args, output));
        var state = Safetensors.Read(args.Out);
        Assert.Equal([150, 784], state["ip1.weight"].Shape);
        Assert.Equal([50, 150], state["ip2.weight"].Shape);
        Assert.Equal([10, 50], state["ip3.weight"].Shape);
        Assert.Contains("requested sparsity (neurons per prunable layer): 50.0", output.ToString());
        Assert.Contains("achieved neuron sparsity: 50.00 % (200/400)", output.ToString());
    }

    [Fact]
    public void Restores_a_small_vgg_by_floor_counts()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "vgg.safetensors");
        Safetensors.Write(path, Models.SmallVgg(RngKey.FromSeed(3)).StateDict());
        var args = new RestoreArgs(path, "small-vgg", "l2", 0.3, "lbyl", Path.Combine(dir, "out.safetensors")) { Mode = "corrected", Lambda1 = 1e-4 };
        var output = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(args, output));
        var state = Safetensors.Read(args.Out);
        Assert.Equal([11, 1, 3, 3], state["features.0.weight"].Shape);   // floor(16·0.7) = 11
        Assert.Equal([22, 11, 3, 3], state["features.4.weight"].Shape);  // floor(32·0.7) = 22
        Assert.Equal([128, 22 * 49], state["classifier.0.weight"].Shape);
        Assert.Contains("max-pool", output.ToString());
    }

    [Fact]
    public void Reports_accuracy_before_and_after_on_the_reference_net()
    {
        var reference = FashionLeNet.ReferencePath();
        if (reference is null) return; // the reference checkpoint is not distributed with the repository
        var dir = TempDir();
        var args = new RestoreArgs(reference, "lenet-300-100", "l2", 0.8, "lbyl", Path.Combine(dir, "out.safetensors")) { Data = "fashion-mnist" };
        var output = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(args, output));
        Assert.Contains("accuracy before: 89.80 %, after: 78.05 %", output.ToString());
    }

    [Theory]
    [InlineData(1.5, "lbyl", "lenet-300-100", "l2", "--ratio")]
    [InlineData(0.5, "magic", "lenet-300-100", "l2", "--method")]
    [InlineData(0.5, "lbyl", "resnet-9000", "l2", "--arch")]
    [InlineData(0.5, "lbyl", "lenet-300-100", "l7", "--criterion")]
    public void Bad_arguments_exit_2_with_one_line_and_write_nothing(double ratio, string method, string arch, string criterion, string mentioned)
    {
        var dir = TempDir();
        var args = new RestoreArgs(RandomLeNet(dir), arch, criterion, ratio, method, Path.Combine(dir, "out.safetensors"));
        var output = new StringWriter();
        Assert.Equal(2, RestoreCommand.Run(args, output));
        Assert.Single(output.ToString().TrimEnd().Split('\n'));
        Assert.Contains(mentioned, output.ToString());
        Assert.False(File.Exists(args.Out));
    }

    [Theory]
    [InlineData(2.0, null, "--threshold")]
    [InlineData(-0.1, null, "--threshold")]
    [InlineData(null, 1.5, "--nm-lambda")]
    public void Threshold_and_nm_lambda_outside_0_1_are_refused(double? threshold, double? nmLambda, string mentioned)
    {
        var dir = TempDir();
        var args = new RestoreArgs(RandomLeNet(dir), "lenet-300-100", "l2", 0.5, "nm", Path.Combine(dir, "out.safetensors")) { Threshold = threshold, NmLambda = nmLambda };
        var output = new StringWriter();
        Assert.Equal(2, RestoreCommand.Run(args, output));
        Assert.Single(output.ToString().TrimEnd().Split('\n'));
        Assert.Contains(mentioned, output.ToString());
        Assert.False(File.Exists(args.Out));
    }

    /// <summary>NM's λ reaches the conv+BN merge: λ = 0 (bias distance only) and λ = 1 (cosine only) pick different partners on a random small VGG.</summary>
    [Fact]
    public void Nm_lambda_option_reaches_the_conv_bn_merge()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "vgg.safetensors");
        var state = Models.SmallVgg(RngKey.FromSeed(5)).StateDict();
        foreach (var (name, t) in state) // untrained BN statistics are all equal, which leaves NM's bias distance degenerate
            for (int i = 0; i < t.Data.Length; i++)
                if (name.EndsWith("running_mean")) t.Data[i] = (float)Math.Sin(1.3 * i);
                else if (name.EndsWith("running_var")) t.Data[i] = (float)(0.6 + 0.4 * Math.Cos(0.7 * i));
                else if (name.EndsWith(".bias")) t.Data[i] = (float)(0.3 * Math.Cos(2.1 * i));
        Safetensors.Write(path, state);
        float[] Run(double lambda, string name)
        {
            var args = new RestoreArgs(path, "small-vgg", "l2", 0.5, "nm", Path.Combine(dir, name)) { NmLambda = lambda, Threshold = 0 };
            var output = new StringWriter();
            Assert.Equal(0, RestoreCommand.Run(args, output));
            Assert.Contains($"λ={lambda}", output.ToString());
            return Safetensors.Read(args.Out)["features.4.weight"].Data;
        }
        Assert.NotEqual(Run(0, "a.safetensors"), Run(1, "b.safetensors"));
    }

    [Fact]
    public void Missing_model_wrong_shapes_and_nan_weights_are_refused()
    {
        var dir = TempDir();
        var output = new StringWriter();
        var outPath = Path.Combine(dir, "out.safetensors");
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(Path.Combine(dir, "none.safetensors"), "lenet-300-100", "l2", 0.5, "nm", outPath), output));
        var state = Models.LeNet300100(RngKey.FromSeed(1)).StateDict();
        state["ip2.weight"].Data[7] = float.NaN;
        var nanPath = Path.Combine(dir, "nan.safetensors");
        Safetensors.Write(nanPath, state);
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(nanPath, "lenet-300-100", "l2", 0.5, "nm", outPath), output));
        var wrong = new Dictionary<string, TensorData> { ["ip1.weight"] = new([2, 2], new float[4]) };
        var wrongPath = Path.Combine(dir, "wrong.safetensors");
        Safetensors.Write(wrongPath, wrong);
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(wrongPath, "lenet-300-100", "l2", 0.5, "nm", outPath), output));
        var garbage = Path.Combine(dir, "garbage.safetensors");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.Equal(2, RestoreCommand.Run(new RestoreArgs(garbage, "lenet-300-100", "l2", 0.5, "nm", outPath), output));
        Assert.False(File.Exists(outPath));
        Assert.Equal(4, output.ToString().TrimEnd().Split('\n').Length);
    }
}
