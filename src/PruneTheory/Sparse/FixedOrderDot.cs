using System.Runtime.Intrinsics;

namespace PruneTheory.Sparse;

/// <summary>
/// A dot product with one summation order on every machine and device: 32 lanes (lane l sums rows ≡ l mod 32
/// below n − n mod 32, unfused multiply then add), lanes reduced by halving (l += l + 16, then 8, 4, 2, 1), then
/// the tail rows in order. The SIMD form (eight Vector256 accumulators) and the ILGPU kernels
/// (<see cref="GatedReluKernels.AdjointLanes"/>) therefore give the same double. O(n).
/// </summary>
public static class FixedOrderDot
{
    public const int Lanes = 32;

    public static double Of(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("dot of vectors of different lengths");
        int n = a.Length, full = n - n % Lanes;
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int k = 0; k < full; k += Lanes)
        {
            a0 += Vector256.Create(a.Slice(k, 4)) * Vector256.Create(b.Slice(k, 4));
            a1 += Vector256.Create(a.Slice(k + 4, 4)) * Vector256.Create(b.Slice(k + 4, 4));
            a2 += Vector256.Create(a.Slice(k + 8, 4)) * Vector256.Create(b.Slice(k + 8, 4));
            a3 += Vector256.Create(a.Slice(k + 12, 4)) * Vector256.Create(b.Slice(k + 12, 4));
            a4 += Vector256.Create(a.Slice(k + 16, 4)) * Vector256.Create(b.Slice(k + 16, 4));
            a5 += Vector256.Create(a.Slice(k + 20, 4)) * Vector256.Create(b.Slice(k + 20, 4));
            a6 += Vector256.Create(a.Slice(k + 24, 4)) * Vector256.Create(b.Slice(k + 24, 4));
            a7 += Vector256.Create(a.Slice(k + 28, 4)) * Vector256.Create(b.Slice(k + 28, 4));
        }
        // halving tree: lanes 0-15 += 16-31, 0-7 += 8-15, 0-3 += 4-7, 0-1 += 2-3, 0 += 1
        a0 += a4; a1 += a5; a2 += a6; a3 += a7;
        a0 += a2; a1 += a3;
        a0 += a1;
        var h = a0.GetLower() + a0.GetUpper();
        double total = h.GetElement(0) + h.GetElement(1);
        for (int k = full; k < n; k++) total = a[k] * b[k] + total;
        return total;
    }
}
