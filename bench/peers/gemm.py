"""Peer of the suite's float32 GEMM: C = A·B with NumPy's matmul (OpenBLAS sgemm, all its threads)."""
import numpy as np

import peerio


def run(t, meta):
    a, b = t['a'], t['b']
    seconds, c = peerio.median_seconds(lambda: a @ b, int(meta['repeats']))
    return {'c': c}, {'seconds': seconds, 'library': peerio.blas_line()}


if __name__ == '__main__':
    peerio.main(run)
