using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.IO;
using PruneTheory.Restoration;
using Xunit;

namespace PruneTheory.Tests.Restoration;

/// <summary>
/// Replays the instances whose official NM / LBYL outputs are committed under Fixtures/restoration (see its PROVENANCE.md)
/// through the suite's CodeExact mode: the kept sets exactly, Z to 1e-9 relative (the official Z was recomputed in float64),
/// the compensated weights to 1e-5 of their largest entry (the official pipeline runs in float32).
/// </summary>
public class OfficialGoldenTraceTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.FindRoot() ?? throw new InvalidOperationException("repository root not found"),
        "tests", "PruneTheory.Tests", "Fixtures", "restoration");
    private static readonly JsonNode Inputs = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "inputs.json")))!;
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "official-outputs.json")))!;

    [Theory]
    [InlineData("nm")]
    [InlineData("lbyl")]
    public void Fc_chain_matches_the_official_code(string method)
    {
        var fc = Inputs["fc"]!;
        var t = fc["tensors"]!;
        var layers = new[] { "ip1", "ip2", "ip3" }.Select(n => new DenseLayer(n, Mat(t[$"{n}.weight"]!), Flat(t[$"{n}.bias"]!))).ToArray();
        var options = new RestoreOptions { Mode = RestoreMode.CodeExact, NmThreshold = Num(fc["nm_threshold"]), Lambda2 = Num(fc["lambda2"]) };
        var (restored, results) = DenseChainRestorer.Restore(layers, Method(method), PruningCriterion.L2Norm, 0.5, options);
        var g = Golden["fc"]![method]!;
        for (int l = 0; l < results.Length; l++)
        {
            Assert.Equal(Ints(g["kept"]![l]!), results[l].Kept);
            AssertClose(Mat(g["z"]![l]!), results[l].Z, 1e-9, $"{method} Z of {layers[l].Name}");
        }
        foreach (var layer in restored)
        {
            AssertClose(Mat(g["weights"]![$"{layer.Name}.weight"]!), layer.Weight, 1e-5, $"{method} {layer.Name}.weight");
            AssertClose(Row(Flat(g["weights"]![$"{layer.Name}.bias"]!)), Row(layer.Bias), 1e-5, $"{method} {layer.Name}.bias");
        }
    }

    [Theory]
    [InlineData("nm")]
    [InlineData("lbyl")]
    public void Conv_bn_pair_matches_the_official_code(string method)
    {
        var cv = Inputs["conv"]!;
        var t = cv["tensors"]!;
        var options = new RestoreOptions
        {
            Mode = RestoreMode.CodeExact, NmThreshold = Num(cv["nm_threshold"]), NmLambda = Num(cv["nm_lambda"]),
            Lambda1 = Num(cv["lambda1"]), Lambda2 = Num(cv["lambda2"]),
        };
        var counts = Ints(cv["kept_counts"]!);
        var g = Golden["conv"]![method]!;
        var results = new[] { ("features.0", "features.1"), ("features.3", "features.4") }.Select((p, l) =>
        {
            var layer = new PrunableLayer(p.Item1, Mat(t[$"{p.Item1}.weight"]!), null, new BatchNormParams(
                Flat(t[$"{p.Item2}.weight"]!), Flat(t[$"{p.Item2}.bias"]!), Flat(t[$"{p.Item2}.running_mean"]!), Flat(t[$"{p.Item2}.running_var"]!)));
            var r = Restorer.RestoreWithCount(layer, Method(method), PruningCriterion.L2Norm, counts[l], options);
            Assert.Equal(Ints(g["kept"]![l]!), r.Kept);
            AssertClose(Mat(g["z"]![l]!), r.Z, 1e-9, $"{method} Z of {p.Item1}");
            return r;
        }).ToArray();
        // conv1's inputs come in blocks of kh·kw = 9 per conv0 filter; the 1×1-spatial classifier in blocks of 1.
        var conv1 = Delivery.SliceRows(Delivery.ApplyToConsumer(Mat(t["features.3.weight"]!), results[0].Z, block: 9), results[1].Kept);
        AssertClose(Mat(g["weights"]!["features.3.weight"]!), conv1, 1e-5, $"{method} compensated features.3.weight");
        var classifier = Delivery.ApplyToConsumer(Mat(t["classifier.weight"]!), results[1].Z, block: (int)Num(cv["classifier_block"]));
        AssertClose(Mat(g["weights"]!["classifier.weight"]!), classifier, 1e-5, $"{method} compensated classifier.weight");
    }

    /// <summary>Corrected mode (σ = √(ν+ε), NM scale g_p/g_k, LBYL K and exact BN term) departs from the official Z on the BN pair, by design.</summary>
    [Theory]
    [InlineData("nm")]
    [InlineData("lbyl")]
    public void Corrected_mode_departs_from_the_official_conv_bn_z(string method)
    {
        var cv = Inputs["conv"]!;
        var t = cv["tensors"]!;
        var layer = new PrunableLayer("features.0", Mat(t["features.0.weight"]!), null, new BatchNormParams(
            Flat(t["features.1.weight"]!), Flat(t["features.1.bias"]!), Flat(t["features.1.running_mean"]!), Flat(t["features.1.running_var"]!)));
        var options = new RestoreOptions { Mode = RestoreMode.Corrected, NmThreshold = Num(cv["nm_threshold"]), NmLambda = Num(cv["nm_lambda"]), Lambda1 = Num(cv["lambda1"]), Lambda2 = Num(cv["lambda2"]) };
        var r = Restorer.RestoreWithCount(layer, Method(method), PruningCriterion.L2Norm, Ints(cv["kept_counts"]!)[0], options);
        var official = Mat(Golden["conv"]![method]!["z"]![0]!);
        Assert.Equal(Ints(Golden["conv"]![method]!["kept"]![0]!), r.Kept); // the selection does not depend on the mode
        Assert.True((official - r.Z).Enumerate().Max(Math.Abs) > 1e-3, "Corrected Z should differ from the official one on a BN layer");
    }

    /// <summary>Max |a − b| ≤ tol · max(1, max |a|): relative to the tensor's scale.</summary>
    private static void AssertClose(Matrix<double> expected, Matrix<double> actual, double tol, string what)
    {
        Assert.Equal((expected.RowCount, expected.ColumnCount), (actual.RowCount, actual.ColumnCount));
        double scale = Math.Max(1, expected.Enumerate().Max(Math.Abs)), diff = (expected - actual).Enumerate().Max(Math.Abs);
        Assert.True(diff <= tol * scale, $"{what}: max |Δ| = {diff:G3} > {tol:G1} · {scale:G3}");
    }

    private static RestoreMethod Method(string m) => m == "nm" ? RestoreMethod.NeuronMerging : RestoreMethod.Lbyl;
    private static double Num(JsonNode? n) => n!.GetValue<double>();
    private static int[] Ints(JsonNode n) => n.AsArray().Select(x => x!.GetValue<int>()).ToArray();
    private static Matrix<double> Row(double[] v) => Matrix<double>.Build.DenseOfRowArrays(v);

    /// <summary>A tensor of any rank as a matrix [dim 0, product of the rest] (row-major, as the suite flattens conv filters).</summary>
    private static Matrix<double> Mat(JsonNode n)
    {
        var rows = n.AsArray().Select(Flat).ToArray();
        return Matrix<double>.Build.DenseOfRowArrays(rows);
    }

    private static double[] Flat(JsonNode? n) => n is JsonArray a ? a.SelectMany(Flat).ToArray() : [n!.GetValue<double>()];
}
