#!/usr/bin/env bash
# Builds the bundle for a bare GPU node: GpuBench (framework-dependent, linux-x64) + the .NET runtime it needs,
# minus the native libraries the app never loads (OR-Tools, Skia, SQLite, MathNet providers), as one tar.xz.
# Usage: bench/gpu/pack.sh [OUT_DIR]   (default bench/gpu/out). Prints the bundle's size.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; out="${1:-$here/out}"
rm -rf "$out/stage"; mkdir -p "$out/stage/app" "$out/stage/dotnet"
dotnet publish "$here/GpuBench/GpuBench.csproj" -c Release -r linux-x64 --self-contained false -o "$out/stage/app" -v q --nologo
# the app loads no native library of its own (ILGPU finds the driver's libcuda): drop the solvers' and Skia's
find "$out/stage/app" \( -name '*.so' -o -name '*.so.*' -o -name '*.pdb' \) -delete
rm -rf "$out/stage/app/runtimes"
root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
fx="$(ls -d "$root"/shared/Microsoft.NETCore.App/* | sort -V | tail -1)"
mkdir -p "$out/stage/dotnet/shared/Microsoft.NETCore.App" "$out/stage/dotnet/host"
cp -r "$fx" "$out/stage/dotnet/shared/Microsoft.NETCore.App/"
cp -r "$root/host/fxr" "$out/stage/dotnet/host/"
cp "$root/dotnet" "$out/stage/dotnet/"
cp "$here/cupy_aiht_step.py" "$here/run.sh" "$out/stage/"
XZ_OPT="-6 -T2" tar -C "$out/stage" -cJf "$out/gpu-bench.tar.xz" .
du -b "$out/gpu-bench.tar.xz" | awk '{printf "bundle %s: %.1f MiB\n", $2, $1/1048576}'
