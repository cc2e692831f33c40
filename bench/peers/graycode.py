"""Peer of the suite's exhaustive subset search (model A): the K smallest grid scores
max_j |F_j - sum_{k in S} Phi_kj| over all 2^N subsets S, in NumPy int32. Meet in the middle instead of a
Gray-code walk: the sums of the low and high halves of the units, then one (2^low x M) block per high subset."""
import numpy as np

import peerio


def half_sums(phi):
    s = np.zeros((1, phi.shape[1]), dtype=np.int32)
    for row in phi:
        s = np.concatenate((s, s + row))
    return s  # row r = sum of the units whose bits are set in r


def search(phi, f, keep):
    n = phi.shape[0]
    low = n // 2
    lo_sums, hi_sums = half_sums(phi[:low]), half_sums(phi[low:])
    best = np.empty(0, dtype=np.int32)
    residual = np.empty_like(lo_sums)
    for h in range(len(hi_sums)):
        np.subtract(f - hi_sums[h], lo_sums, out=residual)
        np.abs(residual, out=residual)
        scores = residual.max(axis=1)
        best = np.concatenate((best, scores))
        if len(best) > 4 * keep:
            best = np.partition(best, keep - 1)[:keep]
    return np.sort(best)[:keep]


def ints(t, name):
    # int32 values travel exactly as two float32 halves: value = hi * 65536 + lo
    return (t[name + '.hi'].astype(np.int64) * 65536 + t[name + '.lo'].astype(np.int64)).astype(np.int32)


def run(t, meta):
    phi, f = ints(t, 'phi'), ints(t, 'f')
    keep = int(meta['keep'])
    seconds, scores = peerio.median_seconds(lambda: search(phi, f, keep), int(meta['repeats']))
    s = scores.astype(np.int64)
    return {'scores.hi': (s >> 16).astype(np.float32), 'scores.lo': (s & 0xFFFF).astype(np.float32)}, {'seconds': seconds, 'library': peerio.blas_line()}


if __name__ == '__main__':
    peerio.main(run)
