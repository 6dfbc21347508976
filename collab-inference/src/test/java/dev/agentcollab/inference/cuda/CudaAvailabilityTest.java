package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.function.Supplier;
import jcuda.CudaException;
import org.junit.jupiter.api.Test;

class CudaAvailabilityTest {

    private static final CudaDeviceInfo H100 =
            new CudaDeviceInfo(0, "NVIDIA H100 80GB HBM3", 9, 0, 80L << 30, 13000, 1);

    @Test
    void everyThrowableFromTheProbeMeansUnavailable() {
        List<Supplier<Throwable>> failures = List.of(
                () -> new UnsatisfiedLinkError("/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open"),
                () -> new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver"),
                () -> new ExceptionInInitializerError("static init failed"),
                () -> new CudaException("CUDA_ERROR_NO_DEVICE"),
                () -> new IllegalStateException("the CUDA driver reports no device"),
                () -> new Exception("checked"));
        for (Supplier<Throwable> failure : failures) {
            Throwable t = failure.get();
            CudaAvailability result = CudaAvailability.detect(() -> {
                throw sneaky(t);
            });
            assertFalse(result.available(), t.toString());
            assertTrue(result.device().isEmpty());
            assertTrue(result.reason().startsWith(t.getClass().getSimpleName()), result.reason());
        }
    }

    @Test
    void reasonIsOneShortLine() {
        String longMessage = "first line\n" + "x".repeat(1000);
        CudaAvailability result = CudaAvailability.detect(() -> {
            throw new UnsatisfiedLinkError(longMessage);
        });
        assertEquals("UnsatisfiedLinkError: first line", result.reason());
        CudaAvailability huge = CudaAvailability.detect(() -> {
            throw new UnsatisfiedLinkError("y".repeat(1000));
        });
        assertTrue(huge.reason().length() <= 240 && !huge.reason().contains("\n"));
    }

    @Test
    void keepsTheDlopenErrorOfJcudasLinkError() {
        String message = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: "
                + "cannot open shared object file: No such file or directory\n\tat java.base/...";
        CudaAvailability result = CudaAvailability.detect(() -> {
            throw new UnsatisfiedLinkError(message);
        });
        assertTrue(result.reason().contains("libcuda.so.1: cannot open shared object file"), result.reason());
        assertFalse(result.reason().contains("\n"));
    }

    @Test
    void virtualMachineErrorsPropagate() {
        assertThrows(
                StackOverflowError.class,
                () -> CudaAvailability.detect(() -> {
                    throw new StackOverflowError();
                }));
    }

    @Test
    void deviceBelowComputeCapability80IsRejected() {
        CudaDeviceInfo t4 = new CudaDeviceInfo(0, "Tesla T4", 7, 5, 16L << 30, 12040, 1);
        CudaAvailability result = CudaAvailability.detect(() -> t4);
        assertFalse(result.available());
        assertTrue(result.reason().contains("sm_75"), result.reason());
    }

    @Test
    void supportedDeviceIsAvailable() {
        CudaAvailability result = CudaAvailability.detect(() -> H100);
        assertTrue(result.available());
        assertSame(H100, result.device().orElseThrow());
        assertEquals("NVIDIA H100 80GB HBM3 (sm_90, 80 GiB, driver CUDA 13.0)", H100.describe());
    }

    @Test
    void realProbeIsCachedAndNeverThrows() {
        CudaAvailability first = CudaAvailability.get();
        assertSame(first, CudaAvailability.get());
        assertFalse(first.reason().isBlank());
        assertEquals(first.available(), first.device().isPresent());
    }

    @Test
    void withoutADriverTheRealProbeFallsBack() {
        assumeFalse(CudaAvailability.get().available(), "a CUDA device is present; nothing to fall back from");
        CudaAvailability result = CudaAvailability.get();
        assertTrue(result.toString().startsWith("CUDA unavailable: "), result.toString());
        // A second, independent probe after jcuda's static initializer already failed must fail the same clean way
        // (jcuda then throws NoClassDefFoundError instead of UnsatisfiedLinkError).
        CudaAvailability again = CudaAvailability.detect(() -> new JCudaDriverProbe().call());
        assertFalse(again.available());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
