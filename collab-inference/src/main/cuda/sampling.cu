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

#define SAMPLE_MAX 4096

// True when (va, ia) comes before (vb, ib): by probability, larger first and the lower id on ties; by id, lower
// first. Padding (id NO_ID, value -1) comes last either way.
__device__ __forceinline__ bool comes_before(float va, int ia, float vb, int ib, bool by_prob) {
    return by_prob ? (va > vb || (va == vb && ia < ib)) : ia < ib;
}

// Bitonic sort of SAMPLE_MAX (value, id) pairs in shared memory (blockDim.x a power of two up to 1024).
__device__ void bitonic_sort(float* v, int* id, bool by_prob) {
    for (int size = 2; size <= SAMPLE_MAX; size <<= 1) {
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            for (int i = threadIdx.x; i < SAMPLE_MAX; i += blockDim.x) {
                const int j = i ^ stride;
                if (j > i && comes_before(v[j], id[j], v[i], id[i], by_prob) == ((i & size) == 0)) {
                    const float tv = v[i];
                    v[i] = v[j];
                    v[j] = tv;
                    const int ti = id[i];
                    id[i] = id[j];
                    id[j] = ti;
                }
            }
            __syncthreads();
        }
    }
}

// Draws one token from count <= 4096 candidate logits (ids: their token ids, nullable = 0..count-1) exactly as the
// host Sampler does over a vocabulary where every other token has logit -inf: softmax(logits * inv_t) in double,
// cut to top_k (0 = off) and then to the smallest prefix holding top_p of the top-k mass, renormalised; then an
// inverse-CDF draw in ascending token order with uniform[0]. Writes the distribution to probs[vocab] (zero outside
// the candidates) and the token to token[0]. The uniform lives in device memory so a captured graph reads the
// current one. Grid: 1; block: a power of two, multiple of 32, at most 1024.
extern "C" __global__ void sample_candidates(const float* logits, const int* ids, int count, int vocab, double inv_t,
        int top_k, double top_p, const float* uniform, float* probs, int* token) {
    __shared__ float sp[SAMPLE_MAX];
    __shared__ int si[SAMPLE_MAX];
    __shared__ double part[1024];
    __shared__ float sv[32];
    __shared__ int sidx[32];
    __shared__ double kept_mass;
    __shared__ int keep;

    float best_v = -INFINITY;
    int best_i = NO_ID;
    for (int j = threadIdx.x; j < SAMPLE_MAX; j += blockDim.x) {
        if (j < count) {
            sp[j] = logits[j];
            si[j] = ids != nullptr ? ids[j] : j;
            if (better(sp[j], si[j], best_v, best_i)) {
                best_v = sp[j];
                best_i = si[j];
            }
        } else {
            sp[j] = -1.0f;
            si[j] = NO_ID;
        }
    }
    block_argmax(best_v, best_i, sv, sidx);
    const float max_logit = best_v;

    double sum = 0.0;
    for (int j = threadIdx.x; j < count; j += blockDim.x) {
        const double e = exp((double) (sp[j] - max_logit) * inv_t);
        sp[j] = (float) e;
        sum += e;
    }
    part[threadIdx.x] = sum;
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (int w = 0; w < (int) blockDim.x; w++) {
            total += part[w];
        }
        kept_mass = total;
    }
    __syncthreads();
    const double inv_sum = 1.0 / kept_mass;
    for (int j = threadIdx.x; j < count; j += blockDim.x) {
        sp[j] = (float) ((double) sp[j] * inv_sum);
    }
    __syncthreads();

    const bool cut_k = top_k > 0 && top_k < vocab;
    if (cut_k || top_p < 1.0) {
        bitonic_sort(sp, si, true);
        if (threadIdx.x == 0) {
            const int k = cut_k ? top_k : vocab;
            double top_k_mass = 0.0;
            for (int r = 0; r < min(k, count); r++) {
                top_k_mass += sp[r];
            }
            const double target = top_p * top_k_mass;
            double kept = 0.0;
            int n = 0;
            for (int r = 0; r < count && n < k; r++) {
                kept += sp[r];
                n++;
                if (kept >= target) {
                    break;
                }
            }
            kept_mass = kept;
            keep = n;
        }
        __syncthreads();
        const double inv_kept = 1.0 / kept_mass;
        for (int r = threadIdx.x; r < count; r += blockDim.x) {
            sp[r] = r < keep ? (float) ((double) sp[r] * inv_kept) : 0.0f;
        }
        __syncthreads();
    }

    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        probs[i] = 0.0f;
    }
    __syncthreads();
    for (int j = threadIdx.x; j < count; j += blockDim.x) {
        probs[si[j]] = sp[j];
    }
    __syncthreads();  // the sort below moves entries other threads may not have scattered yet
    bitonic_sort(sp, si, false);
    if (threadIdx.x == 0) {
        const double u = uniform[0];
        double cdf = 0.0;
        int last = 0;
        int chosen = -1;
        for (int r = 0; r < count && chosen < 0; r++) {
            if (sp[r] > 0.0f) {
                cdf += sp[r];
                last = si[r];
                if (u < cdf) {
                    chosen = si[r];
                }
            }
        }
        token[0] = chosen >= 0 ? chosen : last;
    }
}
