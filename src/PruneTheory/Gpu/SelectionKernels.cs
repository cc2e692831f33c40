using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Sparse;

namespace PruneTheory.Gpu;

/// <summary>
/// Top-s selection on the device by rank: entry c is kept iff it is eligible and fewer than s eligible entries
/// come before it in <see cref="TopSelector.Better"/>'s strict total order (NaN as +∞, ties by index as the
/// rule says, zeros ineligible under DropZeros). Comparisons only, so the kept set equals the SIMD selector's.
/// O(len²) comparisons over len threads (len = m·d ≤ ~10⁵ in every claim).
/// </summary>
public static class SelectionKernels
{
    public static void Rank(Index1D c, ArrayView<double> v, ArrayView<byte> keep, int len, int s, int tiesToLarger, int dropZeros)
    {
        double vc = v[c];
        if (dropZeros != 0 && vc == 0) { keep[c] = 0; return; }
        double a = double.IsNaN(vc) ? double.PositiveInfinity : Math.Abs(vc);
        int rank = 0;
        for (int t = 0; t < len && rank < s; t++)
        {
            double vt = v[t];
            if (t == c || (dropZeros != 0 && vt == 0)) continue;
            double b = double.IsNaN(vt) ? double.PositiveInfinity : Math.Abs(vt);
            if (b > a || (b == a && (tiesToLarger != 0 ? t > c : t < c))) rank++;
        }
        keep[c] = rank < s ? (byte)1 : (byte)0;
    }

    internal static ArrayView<byte> Keep(IlgpuProvider p, DeviceBuffers buf, ArrayView<double> v, int s, TopRule rule)
    {
        var kernel = p.Kernel("top-rank", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<byte>, int, int, int, int>(Rank));
        int len = (int)v.Length;
        var keep = buf.Get<byte>("top-keep", len);
        kernel(len, v, keep, len, s, rule.TiesToLargerIndex ? 1 : 0, rule.DropZeros ? 1 : 0);
        return keep;
    }

    internal static int[] TopS(IlgpuProvider p, ReadOnlySpan<double> v, int s, TopRule rule)
    {
        if (v.Length == 0 || s <= 0) return [];
        var values = v.ToArray();
        return p.Run((_, buf) =>
        {
            var keep = Keep(p, buf, buf.Upload<double>("top-v", values).SubView(0, values.Length), s, rule);
            var kept = new byte[values.Length]; keep.SubView(0, values.Length).CopyToCPU(kept);
            return Enumerable.Range(0, kept.Length).Where(c => kept[c] != 0).ToArray();
        });
    }
}
