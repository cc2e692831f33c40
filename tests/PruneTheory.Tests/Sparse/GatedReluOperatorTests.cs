using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Sparse;
using Xunit;
using static PruneTheory.Tests.Sparse.OperatorFixtures;

namespace PruneTheory.Tests.Sparse;

public class GatedReluOperatorTests
{
    [Property(MaxTest = 40)]
    public Property AdjointIdentityHolds(PositiveInt nRaw, PositiveInt dRaw, PositiveInt mRaw, NonNegativeInt seedRaw, bool explicitGates)
    {
        int n = 1 + nRaw.Get % 40, d = 1 + dRaw.Get % 6, m = 1 + mRaw.Get % 25;
        ulong seed = (ulong)seedRaw.Get;
        var op = RandomOperator(n, d, m, seed);
        if (explicitGates) op.Gates.SetFrom(SparseWeights.FromDense(Vector(seed, op.Cols, "h").Select((v, c) => c % 3 == 0 ? v : 0).ToArray()));
        var x = Vector(seed, op.Cols, "x"); var y = Vector(seed, n, "y");
        var ax = new double[n]; var aty = new double[op.Cols];
        op.Apply(x, ax); op.ApplyAdjoint(y, aty);
        double lhs = Dot(ax, y), rhs = Dot(x, aty);
        double scale = Math.Sqrt(Dot(ax, ax) * Dot(y, y)) + Math.Sqrt(Dot(x, x) * Dot(aty, aty)) + 1e-300;
        return (Math.Abs(lhs - rhs) <= 1e-12 * scale).Label($"<Ax,y>={lhs} <x,A'y>={rhs}");
    }

    [Theory]
    [InlineData(7, 3, 5, 1UL)]
    [InlineData(33, 4, 19, 2UL)]
    [InlineData(50, 2, 40, 3UL)]
    public void OnTheFlyEqualsMaterialised(int n, int d, int m, ulong seed)
    {
        var op = RandomOperator(n, d, m, seed);
        var a = Dense(op);
        var x = Vector(seed, op.Cols, "x"); var r = Vector(seed, n, "r");
        var y = new double[n]; op.Apply(x, y);
        Close(Mul(a, x), y, 1e-13);
        var g = new double[op.Cols]; op.ApplyAdjoint(r, g);
        Close(MulT(a, r), g, 1e-13);

        int[] support = Enumerable.Range(0, op.Cols).Where(c => c % 4 == 1).ToArray();
        var asub = new ColumnMatrix(n, support.Length);
        op.Materialize(support, asub);
        for (int t = 0; t < support.Length; t++)
            for (int row = 0; row < n; row++) Assert.Equal(a[row, support[t]], asub.Column(t)[row]);
    }

    [Fact]
    public void StreamedStepEqualsDenseHardThreshold()
    {
        var op = RandomOperator(40, 5, 37, 9);
        var a = Dense(op);
        var wd = Vector(9, op.Cols, "w").Select((v, c) => c % 7 == 0 ? v : 0).ToArray();
        var w = SparseWeights.FromDense(wd);
        var r = Vector(9, 40, "r");
        double mu = 0.01;
        var grad = MulT(a, r);
        var step = wd.Select((v, c) => v - mu * grad[c]).ToArray();
        foreach (int s in new[] { 1, 6, 50, op.Cols })
        {
            var expected = TopSelector.HardThreshold(step, s);
            var result = new TopSelector(s);
            op.StreamedThresholdStep(w, r, mu, ChunkSelectors(s), result);
            var got = result.ToSparse(op.Cols);
            Assert.Equal(expected.Indices, got.Indices);
            Close(expected.Values, got.Values, 1e-12);
        }
    }

    internal static TopSelector[] ChunkSelectors(int s) =>
        Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(s)).ToArray();

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        var results = new List<(double[] Y, double[] G, int[] Idx, double[] Val)>();
        foreach (int threads in new[] { 1, 2, 7 })
        {
            var op = RandomOperator(300, 6, 45, 5);
            op.Parallelism = new ParallelOptions { MaxDegreeOfParallelism = threads };
            var y = new double[300]; op.Apply(Vector(5, op.Cols, "x"), y);
            var g = new double[op.Cols]; op.ApplyAdjoint(Vector(5, 300, "r"), g);
            var sel = new TopSelector(17);
            op.StreamedThresholdStep(SparseWeights.Empty(op.Cols), Vector(5, 300, "r"), 0.5, ChunkSelectors(17), sel);
            var sw = sel.ToSparse(op.Cols);
            results.Add((y, g, sw.Indices, sw.Values));
        }
        foreach (var r in results.Skip(1))
        {
            Assert.Equal(results[0].Y, r.Y); Assert.Equal(results[0].G, r.G);
            Assert.Equal(results[0].Idx, r.Idx); Assert.Equal(results[0].Val, r.Val);
        }
    }

    [Fact]
    public void GateIsStrictAndZeroGateGivesZeroBlock()
    {
        // Row 0 has X·h = 0 exactly (x = (1, -1), h = (1, 1)): the strict gate keeps it inactive.
        var x = DesignMatrix.FromRowMajor(3, 2, [1, -1, 2, 1, -3, 1]);
        var gates = new GateSet(PruneTheory.Random.RngKey.FromSeed(1), 2);
        gates.SetFrom(new SparseWeights(4, [0, 1], [1.0, 1.0])); // block 0: h = (1,1); block 1: h = 0
        var op = new GatedReluOperator(x, 2, gates);
        var a = Dense(op);
        Assert.Equal(0.0, a[0, 0]); Assert.Equal(2.0, a[1, 0]); Assert.Equal(0.0, a[2, 0]);
        var g = new double[4]; op.ApplyAdjoint([1, 1, 1], g);
        Assert.Equal([2.0, 1.0, 0.0, 0.0], g);
    }

    [Property(MaxTest = 25)]
    public Property GatesEqualToWeightsReproduceTheNetwork(NonNegativeInt seedRaw)
    {
        ulong seed = (ulong)seedRaw.Get;
        var op = RandomOperator(30, 4, 6, seed);
        var wd = Vector(seed, op.Cols, "w").Select((v, c) => (c * 7 + (int)(seed % 5)) % 3 == 0 ? v : 0).ToArray();
        var w = SparseWeights.FromDense(wd);
        op.Gates.SetFrom(w);
        var aw = new double[30]; op.Apply(wd, aw);
        var net = new double[30]; op.Predict(w, net);
        return aw.SequenceEqual(net).Label("A w = Σ relu(X w_j) exactly when h = w");
    }
}
