#!/usr/bin/env bash
# Regenerates the PTX shipped as classpath resources from the .cu sources in this directory.
#
#   collab-inference/src/main/cuda/build-ptx.sh            # writes into src/main/resources/.../cuda/ptx
#   collab-inference/src/main/cuda/build-ptx.sh OUT_DIR    # writes elsewhere (used by CudaPtxResourcesTest)
#
# Target: virtual architecture compute_80 (PTX JIT-compiled by the driver for sm_80 and newer: A100, A10G, L4,
# H100, H200...). nvcc 13.0 labels its output PTX ISA 9.0, which only a CUDA 13 driver (R580+) accepts. The kernels
# use nothing newer than PTX ISA 7.0 (the first ISA with sm_80), so the script relabels the module `.version 7.0`
# (override with PTX_ISA=native or another version) and, when ptxas is available, proves the relabelled module
# still assembles for sm_80: ptxas rejects any instruction or target the declared ISA lacks. Keep this in sync with
# docs/cuda.md.
set -euo pipefail

NVCC="${NVCC:-nvcc}"
PTX_ISA="${PTX_ISA:-7.0}"
NVCC_FLAGS=(-ptx -arch=compute_80 -std=c++17 -O3)
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../resources/dev/agentcollab/inference/cuda/ptx}"
mkdir -p "$out"
ptxas="$(dirname "$(command -v "$NVCC")")/ptxas"

for src in "$here"/*.cu; do
    name="$(basename "$src" .cu)"
    "$NVCC" "${NVCC_FLAGS[@]}" -I "$here" "$src" -o "$out/$name.ptx"
    if [[ "$PTX_ISA" != native ]]; then
        sed -i -E "s/^\.version [0-9]+\.[0-9]+$/.version $PTX_ISA/" "$out/$name.ptx"
        if [[ -x "$ptxas" ]]; then
            "$ptxas" -arch=sm_80 "$out/$name.ptx" -o /dev/null
        fi
    fi
done
