#!/usr/bin/env bash
# Regenerates the PTX shipped as classpath resources from the .cu sources in this directory.
#
#   collab-inference/src/main/cuda/build-ptx.sh            # writes into src/main/resources/.../cuda/ptx
#   collab-inference/src/main/cuda/build-ptx.sh OUT_DIR    # writes elsewhere (used by CudaPtxResourcesTest)
#
# Target: virtual architecture compute_80 (PTX JIT-compiled by the driver for sm_80 and newer: A100, H100,
# L4, RTX 30/40...). nvcc 13.0 emits PTX ISA 9.0, which needs a driver of the CUDA 13.0 generation (R580+).
# Keep NVCC_FLAGS in sync with docs/cuda.md.
set -euo pipefail

NVCC="${NVCC:-nvcc}"
NVCC_FLAGS=(-ptx -arch=compute_80 -std=c++17 -O3)
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../resources/dev/agentcollab/inference/cuda/ptx}"
mkdir -p "$out"

for src in "$here"/*.cu; do
    name="$(basename "$src" .cu)"
    "$NVCC" "${NVCC_FLAGS[@]}" -I "$here" "$src" -o "$out/$name.ptx"
done
