// Rotary position embedding, NeoX ("rotate half") layout, in place on x[tokens][heads][head_dim].
// Pair i (i < head_dim / 2) rotates (x[i], x[i + head_dim/2]) by angle = position * inv_freq[i].
// A zero in inv_freq leaves its pair untouched, which expresses partial / "proportional" RoPE.
// The position of token t is pos0[0] + t, read from device memory. Grid: (heads, tokens); block: any.
#include "common.cuh"

extern "C" __global__ void rope_neox(float* x, const float* inv_freq, const int* pos0, int heads, int head_dim) {
    const int half = head_dim / 2;
    const int t = blockIdx.y;
    const float pos = (float) (pos0[0] + t);
    float* row = x + ((long long) t * heads + blockIdx.x) * head_dim;
    for (int i = threadIdx.x; i < half; i += blockDim.x) {
        const float f = inv_freq[i];
        if (f == 0.0f) {
            continue;
        }
        float s;
        float c;
        sincosf(pos * f, &s, &c);
        const float a = row[i];
        const float b = row[i + half];
        row[i] = a * c - b * s;
        row[i + half] = b * c + a * s;
    }
}
