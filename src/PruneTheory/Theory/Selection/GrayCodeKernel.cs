using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Gpu;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// P4 on an ILGPU accelerator, parallel over (subset block × grid point): group c (32 threads) walks the Gray
/// code of block c (the top b bits fixed to c) and its threads split the M grid points, the M-point state held
/// in a shared-memory tile; each step's max over grid points is a group reduction, and thread 0 keeps the
/// block's best <c>keep</c> (score, mask) pairs in (score, mask) order. Blocks are merged on the host with
/// <see cref="TopK.Merge"/>; as (score, mask) is a total order, the result equals <see cref="GrayCodeSearch.Search"/>'s
/// for any block split. Same int32 arithmetic as the SIMD path. N ≤ 32, M ≤ <see cref="MaxGridPoints"/>.
/// O(2^N·M) work.
/// </summary>
public static class GrayCodeKernel
{
    public const int GroupSize = 32, MaxGridPoints = 2048, MaxUnits = 32;

    /// <summary>Top bits fixed per group: enough groups to fill a device, walks of at most 2^16 steps.</summary>
    public static int BlockBits(int n) => Math.Min(n, Math.Max(GrayCodeSearch.ChunkBits, n - 16));

    public static void Walk(ArrayView<int> phi, ArrayView<int> f, ArrayView<int> topScore, ArrayView<long> topMask, ArrayView<int> topCount,
        int n, int m, int inner, int modelB, int keep)
    {
        var tile = SharedMemory.Allocate<int>(MaxGridPoints + GroupSize); // state[0, m), reduction slots after
        int t = Group.IdxX, c = Grid.IdxX;
        long prefix = (long)c << inner, baseSlot = (long)c * keep;
        for (int j = t; j < m; j += GroupSize)
        {
            int s = 0;
            for (int k = inner; k < n; k++) if (((prefix >> k) & 1) != 0) s += phi[k * m + j];
            tile[j] = modelB == 0 ? f[j] - s : s;
        }
        Group.Barrier();
        long mask = prefix, steps = 1L << inner;
        int count = 0;
        for (long i = 0; i < steps; i++)
        {
            int local = 0;
            if (i > 0)
            {
                int k = 0;
                while (((i >> k) & 1) == 0) k++;
                mask ^= 1L << k;
                bool added = ((mask >> k) & 1) != 0;
                int sign = (modelB == 0) == added ? -1 : 1; // adding a unit lowers model A's residual, raises model B's pre-activation
                for (int j = t; j < m; j += GroupSize) tile[j] += sign * phi[k * m + j];
            }
            for (int j = t; j < m; j += GroupSize)
            {
                int s = tile[j];
                int r = modelB == 0 ? s : f[j] - (s > 0 ? s : 0);
                if (r < 0) r = -r;
                if (r > local) local = r;
            }
            tile[MaxGridPoints + t] = local;
            Group.Barrier();
            if (t == 0)
            {
                int score = 0;
                for (int q = 0; q < GroupSize; q++) if (tile[MaxGridPoints + q] > score) score = tile[MaxGridPoints + q];
                count = Offer(topScore, topMask, baseSlot, count, keep, score, mask);
            }
            Group.Barrier();
        }
        if (t == 0) topCount[c] = count;
    }

    /// <summary>TopK.Offer on one block's slots: insert in (score, mask) order, dropping the last when full.</summary>
    private static int Offer(ArrayView<int> score, ArrayView<long> masks, long b, int count, int keep, int s, long mask)
    {
        if (count == keep && (s > score[b + keep - 1] || (s == score[b + keep - 1] && mask > masks[b + keep - 1]))) return count;
        int pos = count < keep ? count : keep - 1;
        while (pos > 0 && (score[b + pos - 1] > s || (score[b + pos - 1] == s && masks[b + pos - 1] > mask)))
        {
            score[b + pos] = score[b + pos - 1]; masks[b + pos] = masks[b + pos - 1]; pos--;
        }
        score[b + pos] = s; masks[b + pos] = mask;
        return count < keep ? count + 1 : count;
    }

    /// <summary>The <paramref name="keep"/> best (score, mask) pairs over all subsets, as <see cref="GrayCodeSearch.Search"/>.</summary>
    internal static TopK Top(IlgpuProvider p, QuantizedGrid g, int keep)
    {
        if (g.N > MaxUnits || g.M > MaxGridPoints) return GrayCodeSearch.Search(g, keep); // outside the kernel's tile: the SIMD search (same result)
        var kernel = p.Kernel("gray-walk", a => a.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ArrayView<int>, int, int, int, int, int>(Walk));
        int b = BlockBits(g.N), inner = g.N - b, blocks = 1 << b;
        var scores = new int[(long)blocks * keep]; var masks = new long[scores.Length]; var counts = new int[blocks];
        p.Run((_, buf) =>
        {
            var ds = buf.Get<int>("gray-score", scores.Length); var dm = buf.Get<long>("gray-mask", masks.Length); var dc = buf.Get<int>("gray-count", blocks);
            kernel(new KernelConfig(blocks, GroupSize), buf.Upload<int>("gray-phi", g.Phi), buf.Upload<int>("gray-f", g.F), ds, dm, dc,
                g.N, g.M, inner, g.Arch == Relu2D.Arch.A ? 0 : 1, keep);
            ds.SubView(0, scores.Length).CopyToCPU(scores); dm.SubView(0, masks.Length).CopyToCPU(masks); dc.SubView(0, blocks).CopyToCPU(counts);
            return 0;
        });
        var top = new TopK(keep);
        for (int c = 0; c < blocks; c++)
            for (int i = 0; i < counts[c]; i++) top.Offer(scores[(long)c * keep + i], (ulong)masks[(long)c * keep + i]);
        return top;
    }
}
