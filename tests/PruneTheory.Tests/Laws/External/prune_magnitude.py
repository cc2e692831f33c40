"""A correct sample pruner for `proofs-sim laws --exec` (numpy only).

usage: prune_magnitude.py IN OUT RATIO [--granularity weights|neurons]

IN is an nn.Sequential state dict in safetensors (Linear [, BatchNorm1d], ReLU, ..., Linear). Weights: the
floor(ratio * n + 1/2) smallest |w| over all Linear weights become 0 (biases and BN untouched). Neurons: every hidden
layer keeps its max(1, round(n * (1 - ratio))) units with the largest l2 norm of [w_i; b_i]; the unit's row, bias and
BN entries and the next Linear's column go, and the kept indices are written to the metadata entry `kept_units`.
Refuses NaN or infinite parameters (exit 1). Granularity: the option, else the input's metadata, else weights.
"""
import json
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import safetensors_np as st


def fail(message, code=1):
    print(f"prune_magnitude: {message}", file=sys.stderr)
    sys.exit(code)


def layers(tensors):
    """[(linear module, bn module or None)] in nn.Sequential order."""
    modules = sorted({int(name.split(".")[0]) for name in tensors})
    linear = []
    for m in modules:
        if f"{m}.running_mean" in tensors:
            linear[-1] = (linear[-1][0], m)
        elif f"{m}.weight" in tensors:
            linear.append((m, None))
    return linear


def prune_weights(tensors, linear, ratio):
    """Global magnitude pruning: zeroes the k smallest |w| (stable order on ties)."""
    flat = np.concatenate([np.abs(tensors[f"{m}.weight"]).ravel() for m, _ in linear])
    k = int(np.floor(ratio * flat.size + 0.5))
    pruned = np.zeros(flat.size, dtype=bool)
    pruned[np.argsort(flat, kind="stable")[:k]] = True
    start = 0
    for m, _ in linear:
        w = tensors[f"{m}.weight"]
        w[pruned[start:start + w.size].reshape(w.shape)] = 0
        start += w.size
    return {}


def keep_units(tensors, m, ratio):
    """The kept units of Linear module m: the largest l2 norms of [w_i; b_i], ascending."""
    w, b = tensors[f"{m}.weight"], tensors.get(f"{m}.bias")
    rows = np.concatenate([w, b[:, None]], axis=1) if b is not None else w
    n = w.shape[0]
    count = max(1, round(n * (1 - ratio)))
    order = sorted(range(n), key=lambda i: (-float(np.sum(rows[i].astype(np.float64) ** 2)), i))
    return sorted(order[:count])


def slice_consumer(tensors, m, kept):
    """The next Linear reads only the kept units."""
    tensors[f"{m}.weight"] = tensors[f"{m}.weight"][:, kept]


def prune_neurons(tensors, linear, ratio, consumer=slice_consumer):
    """Structured l2-norm pruning of every hidden layer; returns the metadata that records the kept units."""
    kept_units = {}
    for (m, bn), (nxt, _) in zip(linear[:-1], linear[1:]):
        kept = keep_units(tensors, m, ratio)
        kept_units[str(m)] = kept
        for name in [f"{m}.weight", f"{m}.bias"] + ([f"{bn}.{f}" for f in ("weight", "bias", "running_mean", "running_var")] if bn is not None else []):
            if name in tensors:
                tensors[name] = tensors[name][kept]
        consumer(tensors, nxt, kept)
    return {"kept_units": json.dumps(kept_units)}


def main(argv, weights=prune_weights, neurons=prune_neurons):
    args = [a for a in argv if not a.startswith("--")]
    granularity = None
    if "--granularity" in argv:
        i = argv.index("--granularity")
        granularity = argv[i + 1]
        args = [a for a in args if a != granularity]
    if len(args) != 3:
        fail("usage: IN OUT RATIO [--granularity weights|neurons]", 2)
    path_in, path_out, ratio_text = args
    try:
        ratio = float(ratio_text)
    except ValueError:
        fail(f"ratio '{ratio_text}' is not a number", 2)
    if not 0 <= ratio < 1:
        fail(f"ratio {ratio} is outside [0, 1)", 2)
    tensors, metadata = st.read(path_in)
    for name, t in tensors.items():
        if t.dtype.kind == "f" and not np.all(np.isfinite(t)):
            fail(f"tensor '{name}' holds a NaN or infinite value")
    granularity = granularity or metadata.get("granularity", "weights")
    linear = layers(tensors)
    if granularity == "weights":
        extra = weights(tensors, linear, ratio)
    elif granularity == "neurons":
        extra = neurons(tensors, linear, ratio)
    else:
        fail(f"granularity '{granularity}' is not weights or neurons", 2)
    st.write(path_out, tensors, {"format": "pt", **extra})


if __name__ == "__main__":
    main(sys.argv[1:])
