package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared guard of the tests that need a CUDA device: they are skipped, with the probe's reason, everywhere else. */
final class GpuTest {
    private GpuTest() {}

    /**
     * Skips the calling test unless a usable CUDA device is present: a real GPU, or the fakecuda emulator in the
     * {@code emulated-cuda} test execution.
     */
    static CudaDeviceInfo requireGpu() {
        FakeCuda.install().ifPresent(why -> assumeTrue(false, "emulated GPU test skipped: " + why));
        CudaAvailability a = CudaAvailability.get();
        assumeTrue(a.available(), () -> "GPU test skipped: " + a);
        return a.device().orElseThrow();
    }

    /**
     * The device for {@code @BeforeAll} set-up, or null when the tests will be skipped.
     *
     * @return the device or null
     */
    static CudaDeviceInfo deviceOrNull() {
        if (FakeCuda.install().isPresent()) {
            return null;
        }
        return CudaAvailability.get().device().orElse(null);
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
