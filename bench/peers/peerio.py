"""Shared plumbing of the peer programs: safetensors in and out, the timing rule, the library line.

Protocol (driven by `proofs-sim bench --peers`): `python3 PEER.py IN.safetensors OUT.safetensors`.
IN holds the workload's inputs (F32) and string metadata (`repeats`, sizes). OUT holds the peer's
result tensors (F32) and metadata `seconds` (median of the timed repeats after one warm-up, the suite's
rule), `cpu_seconds` (median process CPU time of the same calls), `library` and `threads`.
The suite checks OUT's result against its own before printing a ratio.
"""
import json
import struct
import sys
import time

import numpy as np

_DTYPES = {'F32': np.float32, 'F64': np.float64, 'I32': np.int32, 'I64': np.int64}


def read(path):
    """Tensors (name -> ndarray) and metadata (str -> str) of a safetensors file."""
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop('__metadata__', {}) or {}
    data = memoryview(raw)[8 + n:]
    tensors = {}
    for name, e in header.items():
        b, end = e['data_offsets']
        tensors[name] = np.frombuffer(data[b:end], dtype=_DTYPES[e['dtype']]).reshape(e['shape']).copy()
    return tensors, meta


def write(path, tensors, meta):
    """Writes F32 tensors and string metadata (the reference layout: sorted names, header padded to 8 bytes)."""
    header, blobs, offset = {'__metadata__': {k: str(v) for k, v in meta.items()}}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype=np.float32)
        blobs.append(a.tobytes())
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(blobs[-1])]}
        offset += len(blobs[-1])
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


CPU = {}  # the median process CPU seconds of the last median_seconds call, reported as `cpu_seconds`


def median_seconds(call, repeats):
    """One warm-up call, then the median wall time of `repeats` calls (what the suite does for its side).
    The median process CPU time (all threads) is kept too: on a loaded machine it is the steadier of the two."""
    result = call()
    times, cpus = [], []
    for _ in range(repeats):
        c, t = time.process_time(), time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    CPU['seconds'] = sorted(cpus)[len(cpus) // 2]
    return sorted(times)[len(times) // 2], result


def blas_line():
    """numpy's version and the BLAS it loaded (OpenBLAS's core type when it says), for the table."""
    line = f'numpy {np.__version__}'
    try:
        from threadpoolctl import threadpool_info  # optional; Debian has python3-threadpoolctl
        for info in threadpool_info():
            if info.get('user_api') == 'blas':
                line += f" + {info.get('internal_api')} {info.get('version')} ({info.get('architecture')}, {info.get('num_threads')} threads)"
                break
    except Exception:
        pass
    return line


def main(run):
    """Reads IN, calls run(tensors, meta) -> (out_tensors, out_meta), writes OUT; errors: one line, exit 2."""
    if len(sys.argv) != 3:
        print(f'usage: {sys.argv[0]} IN.safetensors OUT.safetensors', file=sys.stderr)
        sys.exit(2)
    try:
        tensors, meta = read(sys.argv[1])
        out, out_meta = run(tensors, meta)
        out_meta['cpu_seconds'] = CPU.get('seconds', float('nan'))
        write(sys.argv[2], out, out_meta)
    except Exception as e:  # one line for the suite's table, never a trace
        print(f'{type(e).__name__}: {e}', file=sys.stderr)
        sys.exit(2)
