// Host stand-in for the CUDA language features used by src/main/cuda/*.cu, force-included (g++ -include) before
// each kernel file so that the unchanged .cu sources compile as C++ for the fakecuda emulator.
//
// Every CUDA thread of a block runs as a fiber on the calling host thread; __syncthreads and the warp shuffle are
// scheduling points (emu_runtime.cpp). __shared__ variables become function statics: blocks run one after another,
// so a static is exactly one block's shared memory.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>

struct dim3 {
    unsigned int x, y, z;
};

// CUDA gives the vector types their natural alignment; so does the emulator, and the alignment sanitizer the
// kernels are compiled with then reports a 16-byte load from an address that is not 16-byte aligned.
struct alignas(16) uint4 {
    unsigned int x, y, z, w;
};

struct alignas(16) float4 {
    float x, y, z, w;
};

extern "C" {
// Set by the scheduler before it resumes a fiber.
extern dim3 threadIdx;
extern dim3 blockIdx;
extern dim3 blockDim;
extern dim3 gridDim;
}

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

namespace emu {
void syncthreads();
uint32_t shfl_xor(uint32_t mask, uint32_t bits, int lane_mask);
}  // namespace emu

inline void __syncthreads() { emu::syncthreads(); }

template <class T>
inline T __shfl_xor_sync(unsigned int mask, T v, int lane_mask) {
    static_assert(sizeof(T) == 4, "fakecuda emulates 32-bit shuffles only");
    uint32_t bits;
    memcpy(&bits, &v, 4);
    bits = emu::shfl_xor(mask, bits, lane_mask);
    T out;
    memcpy(&out, &bits, 4);
    return out;
}

inline float __uint_as_float(unsigned int u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

inline unsigned int __float_as_uint(float f) {
    unsigned int u;
    memcpy(&u, &f, 4);
    return u;
}

inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }

using std::max;
using std::min;
