"""Golden traces of the official MLP-IHT code (voilalab/MLP-IHT) on small committed instances.

This driver contains none of the official algorithm: it builds the inputs, imports the official modules
(sparse_AIHT, sparse_vector, nn_fly_matrix, vector_output_utils) from PYTHONPATH, runs them and writes what they
return. See PROVENANCE.md for the repository, commit, the NumPy shim standing in for CuPy, and the exact command.
"""
import json
import sys

import numpy as np

import sparse_AIHT
import sparse_vector
from nn_fly_matrix import NNFlyMatrix
from sparse_vector import SparseVector
from vector_output_utils import VectorOutputMLPWeights

OUT = sys.argv[1] if len(sys.argv) > 1 else '.'


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def official_gates(m, d):
    # NNFlyMatrix.blockwise_matrix with seed 0: cp.random.seed(block_id); h = cp.random.normal(size=d)
    rows = []
    for j in range(m):
        np.random.seed(j)
        rows.append(floats(np.random.normal(size=d)))
    return rows


def design(rs, n, d, zero_col, dup):
    x = rs.standard_normal((n, d))
    x[:, zero_col] = 0.0            # a dead input (like MNIST's border pixels): zero candidates in every block
    x[:, dup[1]] = x[:, dup[0]]     # a duplicated input: bit-identical candidates, exact ties
    return x


def scalar_instance(name, seed, n, d, m, s, steps, zero_col=3, dup=(1, 4)):
    rs = np.random.RandomState(seed)
    x = design(rs, n, d, zero_col, dup)
    teacher = rs.standard_normal((3, d))
    y = np.maximum(x @ teacher.T, 0).sum(axis=1)
    peak = float(np.max(np.abs(y)))
    a = NNFlyMatrix(m=m, X=x.copy(), seed=0)
    w = SparseVector(n=a.cols, s=s, use_countsketch=False)
    trace = []
    for step in range(steps):  # the loop of sparse_AIHT.AIHT (scalar output, SCP_rate = 1), observed step by step
        w = sparse_AIHT.AIHT_step(a, y, w, num_internal_steps=10)
        idx, vals = w.get_indices(), w.sparse_dense_version()
        sub, _ = a.partial_matrix(column_ids=idx)
        loss = float(np.sum(np.square(sub @ vals - y)))   # current gates, before the pattern update
        if step > 0 and step % 1 == 0:
            a.set_hs(w)
        ev = NNFlyMatrix(m=m, X=x.copy(), seed=0)
        ev.set_hs(w)
        pred = sparse_AIHT.memory_efficient_multiply(A=ev, x=w, result_s=n).dense_version()
        mse = float(np.mean(np.square(pred - y)))
        psnr = 20 * np.log10(peak) - 10 * np.log10(mse)
        trace.append({'step': step, 'support': ints(idx), 'values': floats(vals), 'loss': loss, 'psnr': float(psnr)})
    # The same run through the official AIHT function itself: the observed loop must end where it ends.
    whole = sparse_AIHT.AIHT(A=NNFlyMatrix(m=m, X=x.copy(), seed=0), b_dense=y, result_s=s, num_steps=steps, random_h=False, SCP_rate=1)
    assert np.array_equal(whole.get_indices(), w.get_indices()) and np.array_equal(whole.sparse_dense_version(), w.sparse_dense_version())
    inputs = {'name': name, 'seed': seed, 'n': n, 'd': d, 'm': m, 's': s, 'steps': steps, 'pattern_period': 1, 'inner_steps': 10,
              'x_row_major': floats(x), 'y': floats(y), 'gates': official_gates(m, d)}
    official = {'trace': trace, 'final_indices': ints(w.get_indices()), 'final_values': floats(w.sparse_dense_version())}
    write(name, inputs, official)


def vector_instance(name, seed, n, d, m, c, s, batch, epochs, n_test, scale, zero_col=3, dup=(1, 4)):
    rs = np.random.RandomState(seed)
    # scaled inputs: with the official fixed step 0.001 the support then moves within a few batches
    x = scale * design(rs, n + n_test, d, zero_col, dup)
    teacher = rs.standard_normal((d, c))
    labels = np.argmax(x @ teacher, axis=1)
    onehot = np.eye(c)[labels]
    train = [(x[b:b + batch], onehot[b:b + batch]) for b in range(0, n, batch)]  # the loader: fixed order, no shuffle
    test = [(x[n:], onehot[n:])]
    # Exact top-s: the official vector path ranks by a CountSketch (use_countsketch=True); turn it off at construction.
    init = SparseVector.__init__

    def exact_init(self, *args, **kwargs):
        kwargs['use_countsketch'] = False
        init(self, *args, **kwargs)
    sparse_vector.SparseVector.__init__ = exact_init
    trace = []
    step_fn = sparse_AIHT.AIHT_step_vectoroutput

    def observed(A, b, w, num_internal_steps=0, epoch=0, crossentropy=False):
        mw = VectorOutputMLPWeights(W=w, d=A.d, m=A.m, k=b.shape[1])
        idx = mw.W1_md().get_indices()
        sub, _ = A.partial_matrix(column_ids=idx)
        z = sub @ mw.W1_W2_sparsedense(row_ids=idx)
        zmax = z.max(axis=1, keepdims=True)
        ce = float(np.mean(np.log(np.exp(z - zmax).sum(axis=1)) + zmax[:, 0] - z[np.arange(len(b)), np.argmax(b, axis=1)]))
        out = step_fn(A, b, w, num_internal_steps=num_internal_steps, epoch=epoch, crossentropy=crossentropy)
        trace.append({'step': len(trace), 'batch': int(epoch), 'loss_before': ce,
                      'support': ints(out.get_indices()), 'values': floats(out.sparse_dense_version())})
        return out
    sparse_AIHT.AIHT_step_vectoroutput = observed
    try:
        w = sparse_AIHT.stochastic_AIHT(m=m, train_loader=train, result_s=s, num_epochs=epochs, random_h=False, SCP_rate=1, seed=0, crossentropy=True)
        acc = float(sparse_AIHT.evalAcc(test_loader=test, x_hat=w, m=m, convex=False, seed=0))
    finally:
        sparse_AIHT.AIHT_step_vectoroutput = step_fn
        sparse_vector.SparseVector.__init__ = init
    b1, b2 = 1 / np.sqrt(d * m), 1 / np.sqrt(m * c)
    reinit_w1, reinit_w2 = [], []
    for j in range(m):  # the draws of AIHT_step_vectoroutput: cp.random.seed(block_id) before each layer's uniform
        np.random.seed(j)
        reinit_w1.append(floats(np.random.uniform(low=-b1, high=b1, size=d)))
        np.random.seed(j)
        reinit_w2.append(floats(np.random.uniform(low=-b2, high=b2, size=c)))
    inputs = {'name': name, 'seed': seed, 'n': n, 'd': d, 'm': m, 'c': c, 's': s, 'batch': batch, 'epochs': epochs, 'step_size': 0.001,
              'x_row_major': floats(x[:n]), 'labels': ints(labels[:n]), 'x_test_row_major': floats(x[n:]), 'labels_test': ints(labels[n:]),
              'gates': official_gates(m, d), 'reinit_bound_w1': float(b1), 'reinit_bound_w2': float(b2),
              'reinit_w1': reinit_w1, 'reinit_w2': reinit_w2}
    official = {'trace': trace, 'final_indices': ints(w.get_indices()), 'final_values': floats(w.sparse_dense_version()),
                'test_accuracy': acc}
    write(name, inputs, official)


def write(name, inputs, official):
    with open(f'{OUT}/{name}.input.json', 'w') as f:
        json.dump(inputs, f)
    with open(f'{OUT}/{name}.official.json', 'w') as f:
        json.dump(official, f)


if __name__ == '__main__':
    scalar_instance('scalar-ties', seed=1, n=40, d=6, m=8, s=13, steps=8)
    scalar_instance('scalar-zeros', seed=2, n=40, d=6, m=3, s=16, steps=6)
    vector_instance('vector-reinit', seed=3, n=48, d=6, m=4, c=3, s=14, batch=16, epochs=4, n_test=40, scale=1000.0)
