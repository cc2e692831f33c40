#!/usr/bin/env bash
# On a bare GPU node (NVIDIA driver + CUDA + Python, no .NET): unpack the bundle made by pack.sh (or run this copy
# from inside the unpacked bundle), run every kernel against the SIMD CPU provider and print the benchmark table,
# then the CuPy peer if CuPy is installed. Budget < 8 minutes: the app under `timeout 420`, the peer under 60 s.
# Usage: run.sh [--backend cuda|ilgpu-cpu] [--small]   Exit: GpuBench's (0 pass, 1 a check failed, 2 bad input / no device).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ ! -x "$here/app/GpuBench" ]]; then
  bundle="${BUNDLE:-$here/out/gpu-bench.tar.xz}"
  [[ -f "$bundle" ]] || { echo "run.sh: no bundle at $bundle (run bench/gpu/pack.sh first)" >&2; exit 2; }
  dest="$(mktemp -d)"; tar -C "$dest" -xJf "$bundle"; here="$dest"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_gcServer=0
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "(nvidia-smi not found)"
timeout 420 "$here/app/GpuBench" "$@"; rc=$?
if command -v python3 >/dev/null; then timeout 60 python3 "$here/cupy_aiht_step.py" || true; fi
exit $rc
