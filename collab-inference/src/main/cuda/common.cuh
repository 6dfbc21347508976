// Shared helpers for the collab-inference CUDA kernels.
//
// Conventions used by every kernel in this directory:
// - activations, norm weights, RoPE frequencies and the KV cache are fp32;
// - projection and embedding weights are bf16, row-major [rows][cols] (PyTorch Linear layout);
// - values that change between decode steps (positions, token ids) are read from device memory, so a
//   captured CUDA graph stays valid without a parameter update;
// - every kernel is extern "C" so the Java side finds it by its plain name in the PTX module.
#pragma once

#include <cuda_bf16.h>

#define WARP_SIZE 32
#define FULL_MASK 0xffffffffu

// Sum over the 32 lanes of a warp; every lane gets the result.
__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = WARP_SIZE / 2; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(FULL_MASK, v, offset);
    }
    return v;
}

// Sum over a whole block (blockDim.x a multiple of 32, at most 1024); every thread gets the result.
// `scratch` must hold 32 floats of shared memory.
__device__ __forceinline__ float block_sum(float v, float* scratch) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int warp = threadIdx.x / WARP_SIZE;
    const int warps = blockDim.x / WARP_SIZE;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) {
        scratch[warp] = v;
    }
    __syncthreads();
    v = lane < warps ? scratch[lane] : 0.0f;
    return warp_sum(v);
}

// True when candidate (v, i) beats the current best (best_v, best_i): larger value, lower id on ties.
// NaN never wins, so a NaN logit cannot be picked over a finite one.
__device__ __forceinline__ bool better(float v, int i, float best_v, int best_i) {
    return v > best_v || (v == best_v && i < best_i);
}

// Arg-max over a warp of (value, id) pairs; every lane gets the winner.
__device__ __forceinline__ void warp_argmax(float& v, int& i) {
    for (int offset = WARP_SIZE / 2; offset > 0; offset >>= 1) {
        const float ov = __shfl_xor_sync(FULL_MASK, v, offset);
        const int oi = __shfl_xor_sync(FULL_MASK, i, offset);
        if (better(ov, oi, v, i)) {
            v = ov;
            i = oi;
        }
    }
}

// Arg-max over a block; every thread gets the winner. Scratch: 32 floats and 32 ints of shared memory.
__device__ __forceinline__ void block_argmax(float& v, int& i, float* scratch_v, int* scratch_i) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int warp = threadIdx.x / WARP_SIZE;
    const int warps = blockDim.x / WARP_SIZE;
    warp_argmax(v, i);
    __syncthreads();
    if (lane == 0) {
        scratch_v[warp] = v;
        scratch_i[warp] = i;
    }
    __syncthreads();
    v = lane < warps ? scratch_v[lane] : -INFINITY;
    i = lane < warps ? scratch_i[lane] : 0x7fffffff;
    warp_argmax(v, i);
}
