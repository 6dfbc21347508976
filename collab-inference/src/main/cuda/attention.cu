// Attention over the KV cache for one or more query tokens (decode: 1; verify: K + 1).
//
// Cache layout: [cache_len][kv_heads][head_dim] fp32, position p stored in slot p % cache_len. A full-attention
// layer uses cache_len >= max positions; a sliding layer may use a ring of cache_len >= window + tokens - 1.
// Query token t sits at position pos0[0] + t (device memory) and attends causally to positions
// max(0, pos - window + 1) .. pos (window <= 0 means no window). GQA: heads / kv_heads queries share a KV head.
#include "common.cuh"

#define ATT_WARPS 8
#define ATT_MAX_DIM_PER_LANE 16  // head_dim <= 512 (lane l holds dims l, l + 32, ...)

// k/v[t][kv_dim] -> cache slot (pos0 + t) % cache_len. Grid: tokens; block: any.
extern "C" __global__ void kv_store(
        const float* k, const float* v, float* k_cache, float* v_cache, const int* pos0, int kv_dim, int cache_len) {
    const int t = blockIdx.x;
    const long long slot = (long long) ((pos0[0] + t) % cache_len) * kv_dim;
    for (int i = threadIdx.x; i < kv_dim; i += blockDim.x) {
        k_cache[slot + i] = k[(long long) t * kv_dim + i];
        v_cache[slot + i] = v[(long long) t * kv_dim + i];
    }
}

// Grid: (heads, tokens); block: ATT_WARPS * 32 threads. Each warp runs an online softmax over a strided
// subset of the keys (lanes split head_dim), then the warps are merged through shared memory.
extern "C" __global__ void attention_f32(
        const float* q, const float* k_cache, const float* v_cache, float* out, const int* pos0,
        int heads, int kv_heads, int head_dim, int cache_len, int window, float scale) {
    __shared__ float sm_m[ATT_WARPS];
    __shared__ float sm_l[ATT_WARPS];
    __shared__ float sm_acc[ATT_WARPS][ATT_MAX_DIM_PER_LANE * WARP_SIZE];

    const int head = blockIdx.x;
    const int t = blockIdx.y;
    const int lane = threadIdx.x % WARP_SIZE;
    const int warp = threadIdx.x / WARP_SIZE;
    const int kv_head = head / (heads / kv_heads);
    const int kv_dim = kv_heads * head_dim;
    const int pos = pos0[0] + t;
    const int lo = window > 0 ? max(0, pos - window + 1) : 0;

    const float* qrow = q + ((long long) t * heads + head) * head_dim;
    float qreg[ATT_MAX_DIM_PER_LANE];
    float acc[ATT_MAX_DIM_PER_LANE];
#pragma unroll
    for (int j = 0; j < ATT_MAX_DIM_PER_LANE; j++) {
        qreg[j] = lane + j * WARP_SIZE < head_dim ? qrow[lane + j * WARP_SIZE] : 0.0f;
        acc[j] = 0.0f;
    }
    float m = -INFINITY;
    float l = 0.0f;
    for (int p = lo + warp; p <= pos; p += ATT_WARPS) {
        const long long base = (long long) (p % cache_len) * kv_dim + (long long) kv_head * head_dim;
        float s = 0.0f;
#pragma unroll
        for (int j = 0; j < ATT_MAX_DIM_PER_LANE; j++) {
            if (lane + j * WARP_SIZE < head_dim) {
                s += qreg[j] * k_cache[base + lane + j * WARP_SIZE];
            }
        }
        s = warp_sum(s) * scale;
        const float m_new = fmaxf(m, s);
        const float corr = expf(m - m_new);
        const float w = expf(s - m_new);
        l = l * corr + w;
#pragma unroll
        for (int j = 0; j < ATT_MAX_DIM_PER_LANE; j++) {
            if (lane + j * WARP_SIZE < head_dim) {
                acc[j] = acc[j] * corr + w * v_cache[base + lane + j * WARP_SIZE];
            }
        }
        m = m_new;
    }
    if (lane == 0) {
        sm_m[warp] = m;
        sm_l[warp] = l;
    }
#pragma unroll
    for (int j = 0; j < ATT_MAX_DIM_PER_LANE; j++) {
        if (lane + j * WARP_SIZE < head_dim) {
            sm_acc[warp][lane + j * WARP_SIZE] = acc[j];
        }
    }
    __syncthreads();

    float big = -INFINITY;
    for (int w = 0; w < ATT_WARPS; w++) {
        big = fmaxf(big, sm_m[w]);
    }
    float total = 0.0f;
    float factor[ATT_WARPS];
    for (int w = 0; w < ATT_WARPS; w++) {
        factor[w] = sm_l[w] > 0.0f ? expf(sm_m[w] - big) : 0.0f;
        total += sm_l[w] * factor[w];
    }
    float* orow = out + ((long long) t * heads + head) * head_dim;
    for (int d = threadIdx.x; d < head_dim; d += blockDim.x) {
        float o = 0.0f;
        for (int w = 0; w < ATT_WARPS; w++) {
            o += sm_acc[w][d] * factor[w];
        }
        orow[d] = o / total;
    }
}
