// bf16-weight matrix products with fp32 activations and fp32 accumulation.
//
// W is row-major [rows][cols] (PyTorch Linear layout: rows = out features). One warp computes one output
// row for up to N tokens, so each weight row is read from memory once per launch whatever the token count.
// Block: 256 threads (8 rows); grid: ceil(rows / 8). When cols % 8 == 0 weights are read 16 bytes at a time.
#include "common.cuh"

#define ROWS_PER_BLOCK 8

__device__ __forceinline__ float bf16_lo(unsigned int u) { return __uint_as_float(u << 16); }
__device__ __forceinline__ float bf16_hi(unsigned int u) { return __uint_as_float(u & 0xffff0000u); }

// acc[t] += dot(w_row, x[t]) for t < n, this lane's share only (caller reduces over the warp).
template <int N>
__device__ __forceinline__ void row_dot(
        const __nv_bfloat16* w_row, const float* x, int cols, int n, int lane, float (&acc)[N]) {
    int done = 0;
    if ((cols & 7) == 0) {
        const uint4* w4 = reinterpret_cast<const uint4*>(w_row);
        const int chunks = cols / 8;
        for (int c = lane; c < chunks; c += WARP_SIZE) {
            const uint4 raw = w4[c];
            const float w[8] = {bf16_lo(raw.x), bf16_hi(raw.x), bf16_lo(raw.y), bf16_hi(raw.y),
                                bf16_lo(raw.z), bf16_hi(raw.z), bf16_lo(raw.w), bf16_hi(raw.w)};
#pragma unroll
            for (int t = 0; t < N; t++) {
                if (t < n) {
                    const float4* x4 = reinterpret_cast<const float4*>(x + (long long) t * cols) + 2 * c;
                    const float4 a = x4[0];
                    const float4 b = x4[1];
                    acc[t] += w[0] * a.x + w[1] * a.y + w[2] * a.z + w[3] * a.w
                            + w[4] * b.x + w[5] * b.y + w[6] * b.z + w[7] * b.w;
                }
            }
        }
        done = cols;
    }
    for (int i = done + lane; i < cols; i += WARP_SIZE) {
        const float w = __bfloat162float(w_row[i]);
#pragma unroll
        for (int t = 0; t < N; t++) {
            if (t < n) {
                acc[t] += w * x[(long long) t * cols + i];
            }
        }
    }
}

template <int N>
__device__ __forceinline__ void gemm_rows(
        const __nv_bfloat16* w, const float* x, float* y, int rows, int cols, int n) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int row = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / WARP_SIZE;
    if (row >= rows) {
        return;
    }
    float acc[N];
#pragma unroll
    for (int t = 0; t < N; t++) {
        acc[t] = 0.0f;
    }
    row_dot<N>(w + (long long) row * cols, x, cols, n, lane, acc);
#pragma unroll
    for (int t = 0; t < N; t++) {
        if (t < n) {
            const float s = warp_sum(acc[t]);
            if (lane == 0) {
                y[(long long) t * rows + row] = s;
            }
        }
    }
}

// y[rows] = W[rows][cols] . x[cols]
extern "C" __global__ void matvec_bf16(const __nv_bfloat16* w, const float* x, float* y, int rows, int cols) {
    gemm_rows<1>(w, x, y, rows, cols, 1);
}

// y[n][rows] = x[n][cols] . W^T for 1 <= n <= 16 tokens (the verify pass of speculative decoding).
extern "C" __global__ void gemm_bf16_n16(
        const __nv_bfloat16* w, const float* x, float* y, int rows, int cols, int n) {
    gemm_rows<16>(w, x, y, rows, cols, n);
}

// Clustered (centroid) LM head: candidate c of count = selected * per_centroid is token
// ordering[centroids[c / per_centroid] * per_centroid + c % per_centroid]; logits[c] = emb[token] . h and
// ids[c] = token. The winning token is then found by argmax_stage1/2 with ids as the id map.
extern "C" __global__ void gather_matvec_bf16(
        const __nv_bfloat16* emb, const float* h, const int* ordering, const int* centroids, int per_centroid,
        int count, int dim, float* logits, int* ids) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int c = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / WARP_SIZE;
    if (c >= count) {
        return;
    }
    const int token = ordering[centroids[c / per_centroid] * per_centroid + c % per_centroid];
    float acc[1] = {0.0f};
    row_dot<1>(emb + (long long) token * dim, h, dim, 1, lane, acc);
    const float s = warp_sum(acc[0]);
    if (lane == 0) {
        logits[c] = s;
        ids[c] = token;
    }
}
