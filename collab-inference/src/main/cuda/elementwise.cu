// Element-wise kernels of one decode step: embedding gather, residual add, scaling, GELU-tanh gating and
// the final-logit soft-cap. Launch with a 1-D grid covering n elements (any block size).
#include "common.cuh"

// out[t][d] = table[tokens[t] % table_rows][d] * scale for t < n_tokens (grid.y = n_tokens).
// The token ids live in device memory so a captured graph reads the current ones.
extern "C" __global__ void embedding_gather_bf16(
        const __nv_bfloat16* table, const int* tokens, float* out, int dim, float scale, int table_rows) {
    const int t = blockIdx.y;
    const long long row = (long long) (tokens[t] % table_rows) * dim;
    for (int d = blockIdx.x * blockDim.x + threadIdx.x; d < dim; d += gridDim.x * blockDim.x) {
        out[(long long) t * dim + d] = __bfloat162float(table[row + d]) * scale;
    }
}

// The drafter's input row: out[0, dim) = table[token[0]][.] * scale and out[dim, 2 dim) = hidden[row[0]][.].
// token and row are device ints, so one captured draft step reads the accepted token / hidden row of the current
// replay and later steps read the previous step's proposal and projected hidden state.
extern "C" __global__ void draft_input(
        const __nv_bfloat16* table, const int* token, const float* hidden, const int* row, float* out, int dim,
        float scale) {
    const long long e = (long long) token[0] * dim;
    const long long h = (long long) row[0] * dim;
    for (int d = blockIdx.x * blockDim.x + threadIdx.x; d < dim; d += gridDim.x * blockDim.x) {
        out[d] = __bfloat162float(table[e + d]) * scale;
        out[dim + d] = hidden[h + d];
    }
}

// x[i] += y[i]
extern "C" __global__ void add_inplace(float* x, const float* y, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        x[i] += y[i];
    }
}

// x[i] *= scale
extern "C" __global__ void scale_inplace(float* x, float scale, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        x[i] *= scale;
    }
}

// out[i] = (a[i] + b[i]) * scale  (per-layer-input mixing)
extern "C" __global__ void add_scaled(const float* a, const float* b, float* out, float scale, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        out[i] = (a[i] + b[i]) * scale;
    }
}

__device__ __forceinline__ float gelu_tanh(float x) {
    const float k = 0.7978845608028654f;  // sqrt(2 / pi)
    return 0.5f * x * (1.0f + tanhf(k * (x + 0.044715f * x * x * x)));
}

// out[r][i] = gelu_tanh(gate[r][i]) * up[r * up_stride + i] for r < rows, i < width (gate/out rows are dense).
// up_stride lets the per-layer-input gate read one layer's slice of a [tokens][layers][width] table; use
// up_stride = width for dense inputs. out may alias gate.
extern "C" __global__ void gelu_tanh_gate(
        const float* gate, const float* up, float* out, int width, int rows, int up_stride) {
    const long long n = (long long) width * rows;
    for (long long j = blockIdx.x * blockDim.x + threadIdx.x; j < n; j += (long long) gridDim.x * blockDim.x) {
        const long long r = j / width;
        const long long i = j - r * width;
        out[j] = gelu_tanh(gate[j]) * up[r * up_stride + i];
    }
}

// x[i] = cap * tanh(x[i] / cap)
extern "C" __global__ void softcap_inplace(float* x, float cap, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        x[i] = cap * tanhf(x[i] / cap);
    }
}

// dst[i] = src[i]; a device-side copy that is capturable as a kernel node like any other.
extern "C" __global__ void copy_f32(const float* src, float* dst, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        dst[i] = src[i];
    }
}

// dst[0] = src[0] for a device int (moves a token id between graph stages).
extern "C" __global__ void copy_i32(const int* src, int* dst, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        dst[i] = src[i];
    }
}
