using PruneTheory.Gpu;
using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Tests.Theory;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using PruneTheory.Theory.SubsetSum;
using Xunit;

namespace PruneTheory.Tests.Compute;

/// <summary>Every provider method: ILGPU (CPU accelerator) against the SIMD provider on random inputs.</summary>
public class KernelAgreementTests(IlgpuFixture fx) : IClassFixture<IlgpuFixture>
{
    private static double[] Gaussian(ulong seed, int len) { var v = new double[len]; RngKey.FromSeed(seed).Stream().FillGaussian(v); return v; }

    [Fact]
    public void Top_s_equals_the_selector_with_ties_zeros_and_nan()
    {
        var v = Gaussian(4, 60).Select(x => Math.Round(x, 1)).ToArray(); // many exact ties
        v[3] = 0; v[7] = 0; v[11] = -v[12]; v[20] = double.NaN;
        foreach (var rule in new[] { TopRule.Official, TopRule.Legacy })
            foreach (int s in new[] { 1, 7, 30, 60, 100 })
                Assert.Equal(ComputeBackend.Cpu.TopS(v, s, rule), fx.Provider.TopS(v, s, rule));
    }

    [Theory]
    [InlineData(Arch.A)]
    [InlineData(Arch.B)]
    public void Gray_code_top_k_equals_the_simd_search(Arch arch)
    {
        foreach (int n in new[] { 4, 7 })
        {
            var g = new QuantizedGrid(TheoryFixtures.Problem(n, n), 64, arch);
            foreach (int keep in new[] { 1, 64 })
            {
                var cpu = ComputeBackend.Cpu.GrayCodeTop(g, keep); var dev = fx.Provider.GrayCodeTop(g, keep);
                Assert.Equal(cpu.Items, dev.Items);
                Assert.Equal(cpu.Threshold, dev.Threshold);
            }
        }
    }

    [Fact]
    public void Gray_code_selection_is_the_same_on_both_providers()
    {
        var p = TheoryFixtures.Problem(2, 7);
        var a = GrayCodeSearch.Solve(p, gridPoints: 64); var b = GrayCodeSearch.Solve(p, gridPoints: 64, provider: fx.Provider);
        Assert.Equal((a.Upper, a.Lower, a.Mask), (b.Upper, b.Lower, b.Mask));
    }

    [Fact]
    public void Breakpoint_counts_are_equal()
    {
        var key = RngKey.FromSeed(3).FoldIn("kernel-test");
        double[] taus = [-1, 0, 0.5, 3], hs = [0.1, 0.5, 1, 2];
        var cpu = ComputeBackend.Cpu.BreakpointHits(key, 3000, taus, hs, 2);
        Assert.Equal(cpu, fx.Provider.BreakpointHits(key, 3000, taus, hs, 1));
        Assert.True(cpu.Sum() > 0);
    }

    [Fact]
    public void Subset_sums_are_bit_identical_and_match_the_sorted_sumset()
    {
        var v = Gaussian(8, 9);
        var cpu = ComputeBackend.Cpu.AllSubsetSums(v); var dev = fx.Provider.AllSubsetSums(v);
        Assert.Equal(cpu, dev);
        Assert.Equal(Sumset.Sorted(v), cpu.Order().ToArray());
    }

    [Theory]
    [InlineData(false, false, 17, 33, 20)]
    [InlineData(true, false, 5, 16, 300)]  // k spans two of the SIMD GEMM's k blocks
    [InlineData(false, true, 32, 3, 1)]
    [InlineData(true, true, 19, 21, 23)]
    public void Gemm_is_bit_identical(bool ta, bool tb, int m, int n, int k)
    {
        var a = Gaussian(1, m * k).Select(x => (float)x).ToArray(); var b = Gaussian(2, k * n).Select(x => (float)x).ToArray();
        var c0 = Gaussian(3, m * n).Select(x => (float)x).ToArray();
        foreach (var (alpha, beta) in new[] { (1.5f, 0f), (1f, 0.5f), (0.7f, 1f), (0f, 2f) })
        {
            var c1 = (float[])c0.Clone(); var c2 = (float[])c0.Clone();
            ComputeBackend.Cpu.Gemm(ta, tb, m, n, k, alpha, a, b, beta, c1);
            fx.Provider.Gemm(ta, tb, m, n, k, alpha, a, b, beta, c2);
            Assert.Equal(c1, c2);
        }
    }

    [Fact]
    public void Networks_engine_takes_the_current_provider()
    {
        var dense = new PruneTheory.Networks.Dense(7, 5, true, RngKey.FromSeed(2));
        var x = new PruneTheory.Networks.Tensor(3, 7);
        RngKey.FromSeed(3).Stream().FillGaussian(x.Data);
        var y1 = dense.Forward(x, training: false).Data.ToArray();
        float[] y2;
        using (ComputeBackend.Use(fx.Provider)) { Assert.Same(fx.Provider, ComputeBackend.Current); y2 = dense.Forward(x, training: false).Data.ToArray(); }
        Assert.Same(ComputeBackend.Cpu, ComputeBackend.Current);
        Assert.Equal(y1, y2);
    }

    [Fact]
    public void Auto_picks_cuda_only_when_a_device_exists()
    {
        using var p = ComputeBackend.Create(BackendKind.Auto);
        Assert.True(p.Kind is BackendKind.Cpu or BackendKind.Cuda);
        Assert.Equal("cpu (SIMD)", ComputeBackend.Cpu.ToString());
        Assert.StartsWith("ilgpu-cpu (", fx.Provider.ToString());
    }
}

/// <summary>Every kernel of the catalog compiles to PTX with no CUDA device (so the CUDA path cannot rot in CI).</summary>
public class PtxCompilationTests
{
    public static IEnumerable<object[]> Kernels => KernelCatalog.All.Select(k => new object[] { k.Name });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_ptx(string name)
    {
        var method = KernelCatalog.All.Single(k => k.Name == name).Method;
        string ptx = PtxCompiler.Compile(method);
        Assert.Contains(".entry", ptx);
        if (name == "breakpoint-hits") Assert.Matches(@"\b(atom|red)\.", ptx); // the atomic hit counter survived
        if (name is "gray-walk" or "gemm-f32-tile") Assert.Contains(".shared", ptx); // the shared-memory tiles
    }
}
