using System.Text.Json;
using PruneTheory.IO;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

/// <summary>
/// The golden traces of the official MLP-IHT code under tests/PruneTheory.Tests/Fixtures/iht/ (see PROVENANCE.md
/// there): the committed inputs of an instance (<c>NAME.input.json</c>) and what the official code returned on them
/// (<c>NAME.official.json</c>).
/// </summary>
public static class OfficialFixtures
{
    public static string Dir =>
        Path.Combine(RepoPaths.FindRoot() ?? throw new InvalidOperationException("no repository found"), "tests", "PruneTheory.Tests", "Fixtures", "iht");

    public static (JsonElement Input, JsonElement Official) Load(string name)
    {
        JsonElement Read(string kind) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, $"{name}.{kind}.json"))).RootElement;
        return (Read("input"), Read("official"));
    }

    public static int Int(this JsonElement e, string key) => e.GetProperty(key).GetInt32();
    public static double Num(this JsonElement e, string key) => e.GetProperty(key).GetDouble();
    public static double[] Doubles(this JsonElement e, string key) => e.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public static int[] Ints(this JsonElement e, string key) => e.GetProperty(key).EnumerateArray().Select(v => v.GetInt32()).ToArray();
    public static double[][] Rows(this JsonElement e, string key) =>
        e.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    public static DesignMatrix Matrix(this JsonElement input, string key, int rows, int cols) =>
        DesignMatrix.FromRowMajor(rows, cols, input.Doubles(key));

    /// <summary>The official gates h_j (NumPy's N(0, I) after seed(j)) as an explicit gate set.</summary>
    public static GateSet Gates(this JsonElement input)
    {
        int d = input.Int("d");
        var g = new GateSet(default, d);
        g.SetFrom(SparseWeights.FromDense(input.Rows("gates").SelectMany(r => r).ToArray()));
        return g;
    }

    /// <summary>Largest |got − want|/|want| over the entries (want = 0 requires got = 0).</summary>
    public static double MaxRelativeError(double[] got, double[] want)
    {
        Assert.Equal(want.Length, got.Length);
        double worst = 0;
        for (int t = 0; t < want.Length; t++)
            worst = Math.Max(worst, want[t] == 0 ? (got[t] == 0 ? 0 : double.PositiveInfinity) : Math.Abs(got[t] - want[t]) / Math.Abs(want[t]));
        return worst;
    }
}

/// <summary>The official vector-output draws of a fixture: its gates, its re-initialisation values (checked against the
/// bounds the suite asks for) and the loader's fixed batch order.</summary>
public sealed class FixtureDraws(System.Text.Json.JsonElement input) : IVectorOutputDraws
{
    private readonly double[][] _w1 = input.Rows("reinit_w1"), _w2 = input.Rows("reinit_w2");
    private readonly double _b1 = input.Num("reinit_bound_w1"), _b2 = input.Num("reinit_bound_w2");
    public int ReinitCalls;

    public GateSet RandomGates(int inputDim) => input.Gates();

    public void Reinit(int block, int layer, double bound, Span<double> values)
    {
        double want = layer == 1 ? _b1 : _b2;
        if (Math.Abs(bound - want) > 1e-15 * want) throw new InvalidOperationException($"layer {layer}: bound {bound:R}, official {want:R}");
        (layer == 1 ? _w1 : _w2)[block].CopyTo(values);
        Interlocked.Increment(ref ReinitCalls);
    }

    public int[] Order(int epoch, int n) => Enumerable.Range(0, n).ToArray();
}
