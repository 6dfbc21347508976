package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared guard of the tests that need a CUDA device: they are skipped, with the probe's reason, everywhere else. */
final class GpuTest {
    private GpuTest() {}

    /** Skips the calling test unless a usable CUDA device is present. */
    static CudaDeviceInfo requireGpu() {
        CudaAvailability a = CudaAvailability.get();
        assumeTrue(a.available(), () -> "GPU test skipped: " + a);
        return a.device().orElseThrow();
    }

    /** Max |a - b| over the first n values. */
    static float maxAbsDiff(float[] a, float[] b, int n) {
        float max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Max |a| over the first n values (to scale tolerances). */
    static float maxAbs(float[] a, int n) {
        float max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(a[i]));
        }
        return max;
    }
}
