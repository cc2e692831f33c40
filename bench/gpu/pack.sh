#!/usr/bin/env bash
# Builds the bundle for a bare GPU node: GpuBench as a self-contained, trimmed linux-x64 build (the .NET runtime
# inside; CoreLib and ILGPU kept whole, see GpuBench.csproj), minus the native libraries it never loads
# (OR-Tools, SCIP, HiGHS, COIN, Skia, SQLite: ILGPU finds the driver's libcuda itself), as one tar.xz.
# Measured 2026-12-04: 36 MiB unpacked. Usage: bench/gpu/pack.sh [OUT_DIR] (default bench/gpu/out). Prints sizes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; out="${1:-$here/out}"
rm -rf "$out/stage"; mkdir -p "$out/stage/app"
dotnet publish "$here/GpuBench/GpuBench.csproj" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true \
  -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -o "$out/stage/app" -v q --nologo
find "$out/stage/app" -maxdepth 1 \( -name '*.so' -o -name '*.so.*' -o -name '*.pdb' \) ! -name 'libSystem.*' \
  ! -name 'libcoreclr.so' ! -name 'libclrjit.so' ! -name 'libhostfxr.so' ! -name 'libhostpolicy.so' -delete
rm -rf "$out/stage/app/runtimes"
cp "$here/cupy_aiht_step.py" "$here/run.sh" "$out/stage/"
XZ_OPT="-6 -T2" tar -C "$out/stage" -cJf "$out/gpu-bench.tar.xz" .
du -sb "$out/stage" | awk '{printf "unpacked: %.1f MiB\n", $1/1048576}'
du -b "$out/gpu-bench.tar.xz" | awk '{printf "bundle %s: %.1f MiB\n", $2, $1/1048576}'
