// RMSNorm over rows: y = x / sqrt(mean(x^2) + eps) * w. One block per row (grid.x = rows).
// Covers the model norms (one row of width hidden), per-head q/k norms (rows = heads, width = head_dim)
// and the weight-less v norm (w == nullptr). The weight multiplies directly (no "1 + w" shift).
#include "common.cuh"

extern "C" __global__ void rmsnorm_f32(const float* x, const float* w, float* y, int width, float eps) {
    __shared__ float scratch[32];
    const long long base = (long long) blockIdx.x * width;
    float ss = 0.0f;
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        const float v = x[base + i];
        ss += v * v;
    }
    ss = block_sum(ss, scratch);
    const float inv = rsqrtf(ss / (float) width + eps);
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        const float v = x[base + i] * inv;
        y[base + i] = w != nullptr ? v * w[i] : v;
    }
}
