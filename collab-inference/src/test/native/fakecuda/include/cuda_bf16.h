// Host stand-in for CUDA's <cuda_bf16.h>: just the bf16 type and conversion the kernels use.
// Part of fakecuda (see driver_core.cpp); never used by nvcc.
#pragma once

#include <stdint.h>
#include <string.h>

struct __nv_bfloat16 {
    uint16_t x;
};

inline float __bfloat162float(__nv_bfloat16 b) {
    const uint32_t u = (uint32_t) b.x << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
