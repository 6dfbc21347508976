// Rotary position embedding, NeoX ("rotate half") layout, in place on x[tokens][heads][head_dim].
// Pair i (i < head_dim / 2) rotates (x[i], x[i + head_dim/2]) by the angle whose cosine and sine are
// cos/sin[pos * head_dim/2 + i]: tables precomputed on the host from the layer type's inverse frequencies (in
// double precision, like the CPU backend), so a zero frequency (partial / "proportional" RoPE) is cos 1, sin 0.
// The position of token t is pos0[0] + t, read from device memory. Grid: (heads, tokens); block: any.
#include "common.cuh"

extern "C" __global__ void rope_neox(
        float* x, const float* cos_table, const float* sin_table, const int* pos0, int heads, int head_dim) {
    const int half = head_dim / 2;
    const int t = blockIdx.y;
    const long long row_off = (long long) (pos0[0] + t) * half;
    float* row = x + ((long long) t * heads + blockIdx.x) * head_dim;
    for (int i = threadIdx.x; i < half; i += blockDim.x) {
        const float c = cos_table[row_off + i];
        const float s = sin_table[row_off + i];
        const float a = row[i];
        const float b = row[i + half];
        row[i] = a * c - b * s;
        row[i + half] = b * c + a * s;
    }
}
