using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Construction;

/// <summary>
/// The whole random network behind <see cref="BlockConstruction"/> in d = 2: unit k of block j is a full Gaussian unit
/// (α, w ∈ R²) whose coordinate j is the construction's w (the mask keeps only it) and whose other coordinate is the next
/// draw of the same unit stream (NestedNetwork's dims prefix), so neuron pruning of this network and the construction
/// see the same units. Units are interleaved (block 0 unit 0, block 1 unit 0, block 0 unit 1, …): the width-2n
/// network is the first n units of each block, the construction's hidden units at n per block. O(N).
/// </summary>
public static class BlockNetwork
{
    public static CircleProblem Circle(RngKey path, int width, double phiStar)
    {
        if (width < 0 || width % 2 != 0) throw new ArgumentException($"width must be even and >= 0 (got {width})");
        var c = new double[width]; var psi = new double[width];
        for (int i = 0; i < width; i++)
        {
            int block = i % 2, k = i / 2;
            var (w, alpha) = NestedNetwork.Unit(path.FoldIn((ulong)block), k, 2);
            double x = block == 0 ? w[0] : w[1], y = block == 0 ? w[1] : w[0];
            c[i] = alpha * Math.Sqrt(x * x + y * y);
            psi[i] = Math.Atan2(y, x);
        }
        return new CircleProblem(1, phiStar, c, psi);
    }
}
