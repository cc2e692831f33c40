using FsCheck.Xunit;
using PruneTheory.Gpu;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class GrayCodeTests
{
    [Property(MaxTest = 15)]
    public void Gray_code_search_finds_the_brute_force_optimum_and_a_valid_lower_bound(int seed, bool modelB)
    {
        int n = 3 + (int)((uint)seed % 8);
        var arch = modelB ? Arch.B : Arch.A;
        var p = TheoryFixtures.Problem(seed, n);
        var (best, _) = TheoryFixtures.BruteForce(new ArcVerifier(p, arch));
        var r = GrayCodeSearch.Solve(p, keep: 8, gridPoints: 64, arch: arch);
        Assert.Equal(best, r.Upper, 1e-12);
        Assert.True(r.Lower <= best + 1e-12, $"lower {r.Lower} > optimum {best}");
    }

    [Property(MaxTest = 10)]
    public void Chunk_scores_equal_direct_quantised_scores(int seed, bool modelB)
    {
        int n = 7 + (int)((uint)seed % 4);
        var g = new QuantizedGrid(TheoryFixtures.Problem(seed, n), 40, modelB ? Arch.B : Arch.A);
        var top = GrayCodeSearch.Search(g, 1 << n);
        Assert.Equal(1 << n, top.Items.Count);
        foreach (var (score, mask) in top.Items) Assert.Equal(g.Score(mask), score);
    }

    [Fact]
    public void Ilgpu_selection_brackets_the_brute_force_optimum()
    {
        using var backend = ComputeBackend.Create(BackendKind.IlgpuCpu);
        for (int seed = 1; seed <= 3; seed++)
        {
            var p = TheoryFixtures.Problem(seed, 9);
            var (best, _) = TheoryFixtures.BruteForce(new ArcVerifier(p));
            var r = GrayCodeSearch.Solve(p, gridPoints: 64, provider: backend);
            Assert.True(r.Lower <= best + 1e-12 && r.Upper >= best - 1e-12, $"[{r.Lower}, {r.Upper}] vs {best}");
            Assert.True(r.Upper - r.Lower < 0.05, $"bracket too wide: [{r.Lower}, {r.Upper}]");
            var viaPipeline = ExactSelection.Solve([p], TimeSpan.FromSeconds(1), TheoryFixtures.Key(seed, "x").Stream(), backend: backend);
            Assert.Equal("gray-code", viaPipeline.Method); // the provider is in the run header, not in the rows
        }
    }
}
