"""Golden traces of the official MLP-IHT code for the planted variants: two hidden layers (layer-wise AIHT, scalar
output) and vector output (squared loss, full batch). Like make_golden.py this driver contains none of the official
algorithm: the planted data come from planted_nn_model.get_planted_model_data, the fits from sparse_AIHT.INRExperiment
(as runner.py's mlp_planted task calls it), the layer-2 inputs from planted_nn_model.PlantedLoader. See PROVENANCE.md.
"""
import numpy as np

import planted_nn_model
import sparse_AIHT
import sparse_vector
from sparse_vector import SparseVector
from vector_output_utils import VectorOutputMLPWeights

from make_golden import floats, ints, official_gates as gates, write  # the shared helpers (make_golden.py, this folder)


class Host(np.ndarray):
    """A CuPy array's .get() (device → host copy), which make_sparse_matrix calls; NumPy arrays lack it."""
    def get(self):
        return np.asarray(self)


def on_host(v):
    v.indices = np.asarray(v.indices).view(Host)
    v.values = np.asarray(v.values).view(Host)
    return v


def planted(num_layers, d, c, m, s, n):
    loader, _, peak = planted_nn_model.get_planted_model_data(num_layers=num_layers, input_dim=d, output_dim=c, m=m, s=s, n=n, seed=0)
    x, y = next(iter(loader))  # the official planted data (float32), one full batch
    # float64 from here on (exact conversion), so that the replay can be compared to 1e-9
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), float(peak)


def deep_instance(name, n, d, m, s, steps):
    x, y, peak = planted(2, d, 1, m, s, n)
    fitted, layers = [], []
    for layer in range(2):  # runner.py, task mlp_planted, num_layers = 2, output_dim = 1
        ds = planted_nn_model.PlantedLoader(data=x, labels=y, ws=fitted)
        feats = np.stack([ds[i][0] for i in range(n)])
        psnr, w = sparse_AIHT.INRExperiment(m=m, s=int(s / 2), train_loader=[(feats, y)], convex=False, num_epochs=steps, seed=0, max_label=peak)
        layers.append({'inputs': int(feats.shape[1]), 'support': ints(w.get_indices()), 'values': floats(w.sparse_dense_version()), 'psnr': float(psnr)})
        fitted.append(on_host(w))
    inputs = {'name': name, 'n': n, 'd': d, 'm': m, 's': s, 'steps': steps, 'x_row_major': floats(x), 'y': floats(y), 'peak': peak,
              'gates_layer0': gates(m, d), 'gates_layer1': gates(m, m)}
    write(name, inputs, {'layers': layers, 'psnr': layers[-1]['psnr']})


def vector_instance(name, n, d, m, c, s, steps):
    x, y, peak = planted(1, d, c, m, s, n)
    init = SparseVector.__init__

    def exact_init(self, *args, **kwargs):  # exact top-s: the official vector path would rank by a CountSketch
        kwargs['use_countsketch'] = False
        init(self, *args, **kwargs)
    sparse_vector.SparseVector.__init__ = exact_init
    step_fn, trace = sparse_AIHT.AIHT_step_vectoroutput, []

    def observed(A, b, w, num_internal_steps=0, epoch=0, crossentropy=False):
        mw = VectorOutputMLPWeights(W=w, d=A.d, m=A.m, k=b.shape[1])
        idx = mw.W1_md().get_indices()
        sub, _ = A.partial_matrix(column_ids=idx)
        mse = float(np.mean(np.square(sub @ mw.W1_W2_sparsedense(row_ids=idx) - b)))
        out = step_fn(A, b, w, num_internal_steps=num_internal_steps, epoch=epoch, crossentropy=crossentropy)
        trace.append({'step': len(trace), 'loss_before': mse, 'support': ints(out.get_indices()), 'values': floats(out.sparse_dense_version())})
        return out
    sparse_AIHT.AIHT_step_vectoroutput = observed
    try:
        psnr, w = sparse_AIHT.INRExperiment(m=m, s=s, train_loader=[(x, y)], convex=False, num_epochs=steps, seed=0, max_label=peak)
    finally:
        sparse_AIHT.AIHT_step_vectoroutput = step_fn
        sparse_vector.SparseVector.__init__ = init
    b1, b2 = 1 / np.sqrt(d * m), 1 / np.sqrt(m * c)
    reinit_w1, reinit_w2 = [], []
    for j in range(m):
        np.random.seed(j)
        reinit_w1.append(floats(np.random.uniform(low=-b1, high=b1, size=d)))
        np.random.seed(j)
        reinit_w2.append(floats(np.random.uniform(low=-b2, high=b2, size=c)))
    step = 2 if s < 6 * m ** 0.536 else 0.005
    inputs = {'name': name, 'n': n, 'd': d, 'm': m, 'c': c, 's': s, 'steps': steps, 'step_size': step, 'peak': peak,
              'x_row_major': floats(x), 'y_row_major': floats(y), 'gates': gates(m, d),
              'reinit_bound_w1': float(b1), 'reinit_bound_w2': float(b2), 'reinit_w1': reinit_w1, 'reinit_w2': reinit_w2}
    write(name, inputs, {'trace': trace, 'final_indices': ints(w.get_indices()), 'final_values': floats(w.sparse_dense_version()), 'psnr': float(psnr)})


if __name__ == '__main__':
    deep_instance('deep-layerwise', n=60, d=5, m=4, s=12, steps=8)
    vector_instance('vector-mse-small-s', n=50, d=5, m=3, c=4, s=8, steps=10)
    vector_instance('vector-mse', n=50, d=5, m=3, c=4, s=14, steps=10)
