// A kernel that exists only to test fakecuda itself (FakeCudaGpuTest loads it from a hand-written PTX stub);
// it is never shipped as PTX.
#include "common.cuh"

// out[b * blockDim.x + t] = what thread 0 of block b published through shared memory: b + 1 when the barrier is
// there; without it, threads that run before thread 0 read whatever the shared variable held before (a race).
extern "C" __global__ void fakecuda_broadcast(int* out, int with_barrier) {
    __shared__ int value;
    if (threadIdx.x == 0) {
        value = blockIdx.x + 1;
    }
    if (with_barrier) {
        __syncthreads();
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = value;
}
