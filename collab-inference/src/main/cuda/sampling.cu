// Token selection on the device: arg-max (greedy decoding, also over an id-mapped candidate set) and
// top-k (the drafter's centroid selection, candidate lists for sampling). Ties go to the lowest token id.
#include "common.cuh"

#define TOPK_CHUNK 4096
#define NO_ID 0x7fffffff

// Stage 1 of a row-wise arg-max over x[rows][n]: grid (parts, rows), any block size (multiple of 32).
// ids (nullable) maps column i of row r to the id ids[r * n + i] reported and used for tie-breaking.
extern "C" __global__ void argmax_stage1(const float* x, const int* ids, int n, float* part_v, int* part_i) {
    __shared__ float sv[32];
    __shared__ int si[32];
    const long long row = blockIdx.y;
    float best_v = -INFINITY;
    int best_i = NO_ID;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        const float v = x[row * n + i];
        const int id = ids != nullptr ? ids[row * n + i] : i;
        if (better(v, id, best_v, best_i)) {
            best_v = v;
            best_i = id;
        }
    }
    block_argmax(best_v, best_i, sv, si);
    if (threadIdx.x == 0) {
        part_v[row * gridDim.x + blockIdx.x] = best_v;
        part_i[row * gridDim.x + blockIdx.x] = best_i;
    }
}

// Stage 2: out[r] = winner among the parts of row r. Grid: rows; block: any multiple of 32.
extern "C" __global__ void argmax_stage2(const float* part_v, const int* part_i, int parts, int* out) {
    __shared__ float sv[32];
    __shared__ int si[32];
    const long long row = blockIdx.x;
    float best_v = -INFINITY;
    int best_i = NO_ID;
    for (int p = threadIdx.x; p < parts; p += blockDim.x) {
        const float v = part_v[row * parts + p];
        const int id = part_i[row * parts + p];
        if (better(v, id, best_v, best_i)) {
            best_v = v;
            best_i = id;
        }
    }
    block_argmax(best_v, best_i, sv, si);
    if (threadIdx.x == 0) {
        out[row] = best_i == NO_ID ? 0 : best_i;
    }
}

// Top-k of each chunk: block b takes elements [b * chunk, (b + 1) * chunk) of vals (chunk = ceil(n / grid)
// must be <= 4096) and writes its k best, in descending order, to out_v/out_i[b * k ...]. ids (nullable)
// gives each element's id (a negative id marks an empty slot). Run once with grid 1 when n <= 4096, or twice
// (many blocks, then one block over their grid * k outputs) for a whole vocabulary. Missing entries: (-inf, -1).
extern "C" __global__ void topk_stage(const float* vals, const int* ids, int n, int k, float* out_v, int* out_i) {
    __shared__ float cv[TOPK_CHUNK];
    __shared__ int ci[TOPK_CHUNK];
    __shared__ float sv[32];
    __shared__ int si[32];
    const int chunk = (n + gridDim.x - 1) / gridDim.x;
    const int start = blockIdx.x * chunk;
    const int len = max(0, min(chunk, n - start));
    for (int j = threadIdx.x; j < len; j += blockDim.x) {
        const int id = ids != nullptr ? ids[start + j] : start + j;
        cv[j] = id < 0 ? -INFINITY : vals[start + j];
        ci[j] = id < 0 ? NO_ID : id;
    }
    __syncthreads();
    for (int r = 0; r < k; r++) {
        float best_v = -INFINITY;
        int best_i = NO_ID;
        for (int j = threadIdx.x; j < len; j += blockDim.x) {
            if (better(cv[j], ci[j], best_v, best_i)) {
                best_v = cv[j];
                best_i = ci[j];
            }
        }
        block_argmax(best_v, best_i, sv, si);
        if (threadIdx.x == 0) {
            out_v[blockIdx.x * k + r] = best_i == NO_ID ? -INFINITY : best_v;
            out_i[blockIdx.x * k + r] = best_i == NO_ID ? -1 : best_i;
        }
        for (int j = threadIdx.x; j < len; j += blockDim.x) {
            if (ci[j] == best_i && best_i != NO_ID) {
                cv[j] = -INFINITY;
                ci[j] = NO_ID;
            }
        }
        __syncthreads();
    }
}
