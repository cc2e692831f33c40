using PruneTheory.Gpu;
using PruneTheory.Sparse;
using Xunit;
using static PruneTheory.Tests.Sparse.OperatorFixtures;

namespace PruneTheory.Tests.Sparse;

public class GatedReluKernelsTests
{
    [Fact]
    public void IlgpuKernelsMatchSimdPath()
    {
        using var backend = ComputeBackend.Create(BackendKind.IlgpuCpu);
        foreach (bool explicitGates in new[] { false, true })
        {
            var op = RandomOperator(24, 3, 11, 4);
            if (explicitGates) op.Gates.SetFrom(SparseWeights.FromDense(Vector(4, op.Cols, "h").Select((v, c) => c % 2 == 0 ? v : 0).ToArray()));
            using var k = new GatedReluKernels(backend, op, blocksPerChunk: 4);
            var x = Vector(4, op.Cols, "x"); var r = Vector(4, 24, "r");
            var y = new double[24]; op.Apply(x, y);
            var g = new double[op.Cols]; op.ApplyAdjoint(r, g);
            Close(y, k.Apply(x), 1e-12);
            Close(g, k.ApplyAdjoint(r), 1e-12);
        }
    }
}
