using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class MemoryTests
{
    private static AihtResult Run(int m, int s, int steps = 2)
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(5), 0, 300, 20, m, s);
        var op = inst.Operator();
        op.Parallelism = new ParallelOptions { MaxDegreeOfParallelism = 1 }; // every allocation on this thread
        return Aiht.Solve(op, inst.Labels, new AihtOptions { Sparsity = s, Steps = steps });
    }

    [Fact]
    public void WorkingMemoryIsExactlyAffineInSAndFreeOfM()
    {
        // Same m, s = 10, 20, 40: equal increments per nonzero (exactly linear); other m: identical bytes.
        long b10 = Run(50, 10).Memory.TotalBytes, b20 = Run(50, 20).Memory.TotalBytes, b40 = Run(50, 40).Memory.TotalBytes;
        Assert.Equal((b20 - b10) * 2, b40 - b20);
        long perNonzero = (b20 - b10) / 10;
        Assert.Equal(8L * 300 + 12 * (3 + GatedReluOperator.ChunkCount + 1) + 8 * 3, perNonzero); // A_S column + slots + vectors
        Assert.Equal(b20, Run(5, 20).Memory.TotalBytes);
    }

    [Fact]
    public void MeasuredAllocationsGrowWithSNotWithM()
    {
        // GC-counted bytes allocated during a run (buffers + transients): within 5% at m = 20 and m = 2000,
        // and below IMP's dense count at m = 2000.
        long small = Run(20, 10, 3).AllocatedBytes, wide = Run(2000, 10, 3).AllocatedBytes;
        Assert.True(Math.Abs(wide - small) < 0.05 * small, $"m=20: {small} B, m=2000: {wide} B");
        Assert.True(Run(20, 100, 3).AllocatedBytes > small + 90 * 8 * 300, "A_S grows by n doubles per nonzero");
        Assert.True(ImpMemoryModel.Bytes(20, 2000) > 3 * wide, $"IMP {ImpMemoryModel.Bytes(20, 2000)} B vs IHT {wide} B");
    }

    [Fact]
    public void ImpDenseCountIsSixArraysOfAllParameters()
    {
        Assert.Equal(20 * 50 + 50, ImpMemoryModel.Parameters(20, 50));
        Assert.Equal(6 * 8 * (20 * 50 + 50 * 50 + 50 * 10), ImpMemoryModel.Bytes(20, 50, outputs: 10, hiddenLayers: 2));
    }
}
