"""Peer of the suite's exact subset-sum cover error E_n = sup_{z in [lo, hi]} min_S |z - sum_S x_i| (NumPy):
the 2^n sums by doubling, one sort, then the same max over the ends' distances and the half-gaps."""
import numpy as np

import peerio


def cover(x, lo, hi):
    s = np.zeros(1)
    for v in x:
        s = np.concatenate((s, s + v))
    s.sort()
    def dist(z):
        j = np.searchsorted(s, z)
        return min(abs(s[min(j, len(s) - 1)] - z), abs(z - s[max(j - 1, 0)]))
    e = max(dist(lo), dist(hi))
    mid = 0.5 * (s[:-1] + s[1:])
    inside = (mid >= lo) & (mid <= hi)
    if inside.any():
        e = max(e, float(np.max(0.5 * (s[1:] - s[:-1])[inside])))
    return e


def run(t, meta):
    x = t['x'].astype(np.float64)
    lo, hi = float(meta['lo']), float(meta['hi'])
    seconds, e = peerio.median_seconds(lambda: cover(x, lo, hi), int(meta['repeats']))
    return {}, {'seconds': seconds, 'error': repr(e), 'library': peerio.blas_line()}


if __name__ == '__main__':
    peerio.main(run)
