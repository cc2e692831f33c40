"""Peer of the suite's AIHT step: a NumPy port of the official AIHT_step (voilalab/MLP-IHT, sparse_AIHT.py,
commit 2783c93) on the gated-ReLU operator A = [D_1 X, ..., D_m X], D_j = diag(1[X h_j > 0]), float64.
The gate masks come from the suite (the official code draws h_j with CuPy's generator), so both sides use
the same A. The official top-s (a running update_block over the blocks) is the same set as one selection of the
s largest |values| over all blocks, done here with argpartition; ties are measure-zero on Gaussian data."""
import numpy as np

import peerio


def columns(x, masks, idx):
    d = x.shape[1]
    return x[:, idx % d] * masks[:, idx // d]  # column j·d + i of A is D_j x_i


def aiht_step(x, masks, y, idx, val, s, inner):
    n, d = x.shape
    m = masks.shape[1]
    a_sub = columns(x, masks, idx)
    r = a_sub @ val - y
    g = a_sub.T @ r
    mu = np.sum(np.square(g)) / (np.sum(np.square(a_sub @ g)) + 1e-8) if len(idx) else 1e-14
    dense = np.zeros(m * d)
    dense[idx] = val
    for j in range(m):  # the official block loop: A_jᵀ r, then the gradient step on block j
        block = x * masks[:, j:j + 1]
        dense[j * d:(j + 1) * d] -= mu * (r @ block)
    new_idx = np.sort(np.argpartition(-np.abs(dense), s - 1)[:s])
    x_tilde = dense[new_idx]
    a_sub = columns(x, masks, new_idx)
    x_next, fval, fval_tilde = x_tilde, None, None
    for it in range(inner):  # the official accelerated steps with Armijo backtracking (give up after 11 tries)
        r = a_sub @ x_next - y
        if it == 0:
            fval_tilde = fval = np.sum(np.square(r))
        g = a_sub.T @ r
        counter = 0
        while True:
            x_dummy = x_next - mu * g
            fval_next = np.sum(np.square(a_sub @ x_dummy - y))
            counter += 1
            if fval_next <= fval - 0.9 * mu * np.sum(np.square(g)):
                fval, x_next = fval_next, x_dummy
                break
            mu /= 2
            if counter > 10:
                x_next, fval = x_tilde, fval_tilde
                break
    return new_idx, x_next


def run(t, meta):
    x = t['x'].astype(np.float64)
    masks = t['masks'].astype(np.float64)
    y = t['y'].astype(np.float64)
    idx = t['support'].astype(np.int64)
    val = t['values'].astype(np.float64)
    s, inner = int(meta['s']), int(meta['inner'])
    seconds, (new_idx, new_val) = peerio.median_seconds(lambda: aiht_step(x, masks, y, idx, val, s, inner), int(meta['repeats']))
    return {'support': new_idx.astype(np.float32), 'values': new_val.astype(np.float32)}, \
        {'seconds': seconds, 'library': peerio.blas_line()}


if __name__ == '__main__':
    peerio.main(run)
