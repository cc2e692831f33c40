"""A deliberately broken pruner for the law kit's tests: prune_magnitude.py with two classic bugs.

Weights: the threshold is the k-th smallest |w| taken with `<=`, so k + 1 weights go (one even at ratio 0).
Neurons: the next Linear keeps its first m columns instead of the kept units' columns.
"""
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import prune_magnitude as pm


def prune_weights_off_by_one(tensors, linear, ratio):
    flat = np.concatenate([np.abs(tensors[f"{m}.weight"]).ravel() for m, _ in linear])
    k = int(round(ratio * flat.size))
    threshold = np.sort(flat)[k]
    for m, _ in linear:
        w = tensors[f"{m}.weight"]
        w[np.abs(w) <= threshold] = 0
    return {}


def first_columns(tensors, m, kept):
    tensors[f"{m}.weight"] = tensors[f"{m}.weight"][:, :len(kept)]


def prune_neurons_wrong_columns(tensors, linear, ratio):
    return pm.prune_neurons(tensors, linear, ratio, consumer=first_columns)


if __name__ == "__main__":
    pm.main(sys.argv[1:], weights=prune_weights_off_by_one, neurons=prune_neurons_wrong_columns)
