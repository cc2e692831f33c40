"""CuPy peer of one AIHT streamed step (gate masks, A^T r per block, w - mu*A^T r, top-s), at the
same size as GpuBench (n=50,000, d=100, m=10, s=500): a port of the official MLP-IHT step's
arithmetic, timed on the same GPU. Prints one markdown table row; exits 0 without CuPy."""
import sys, time
try:
    import cupy as cp
except Exception:
    print("| CuPy AIHT streamed step | (CuPy not installed) |"); sys.exit(0)
n, d, m, s = 50_000, 100, 10, 500
rs = cp.random.RandomState(0)
X = rs.standard_normal((n, d))
H = rs.standard_normal((d, m))
r = rs.standard_normal(n)
w = cp.zeros(d * m)
def step(mu=1e-3):
    mask = (X @ H > 0).astype(X.dtype)          # n x m gate patterns
    g = (X.T @ (mask * r[:, None])).T.reshape(-1)  # block j: X^T (mask_j * r), fused vector c = j*d + i
    v = w - mu * g
    keep = cp.argpartition(-cp.abs(v), s)[:s]
    return keep, v[keep]
step(); cp.cuda.Device().synchronize()
t = time.perf_counter(); reps = 20
for _ in range(reps): step()
cp.cuda.Device().synchronize()
print(f"| CuPy AIHT streamed step n={n} d={d} m={m} s={s} | | {(time.perf_counter() - t) / reps * 1e3:.2f} | |")
