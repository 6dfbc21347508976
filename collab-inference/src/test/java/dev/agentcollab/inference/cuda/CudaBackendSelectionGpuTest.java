package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.inference.InferenceBackends;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backend selection where a GPU is usable (a real one, or fakecuda in the {@code emulated-cuda} run, so CI runs it):
 * the selector picks CUDA by default, and {@code -Dcollab.inference.backend=cpu} still gets the CPU backend.
 */
class CudaBackendSelectionGpuTest {
    private static final BackendOptions OPTIONS = new BackendOptions(64, 8, 1);

    @AfterEach
    void clearProperty() {
        System.clearProperty(InferenceBackends.PROPERTY);
    }

    @Test
    void theEmulatedGpuIsReportedUsable() {
        assumeTrue(FakeCuda.requested(), "only in the emulated-cuda run");
        assumeTrue(
                FakeCuda.install().isEmpty(),
                () -> "emulator not usable here: " + FakeCuda.install().get());
        // the emulator is loaded, so the provider must see its device whatever the probe caches
        assertTrue(
                new CudaBackendProvider().isAvailable(), CudaAvailability.get().toString());
        String device = CudaAvailability.get().device().orElseThrow().name();
        assertTrue(device.startsWith("fakecuda"), device);
    }

    @Test
    void forcingCpuWinsOverAnAvailableGpu() {
        GpuTest.requireGpu();
        try (InferenceBackend chosen = InferenceBackends.open(TinyGemma.target(1), Optional.empty(), OPTIONS)) {
            assertInstanceOf(CudaBackend.class, chosen, "without the property the GPU is preferred");
        }
        System.setProperty(InferenceBackends.PROPERTY, "cpu");
        try (InferenceBackend forced = InferenceBackends.open(TinyGemma.target(1), Optional.empty(), OPTIONS)) {
            assertInstanceOf(CpuBackend.class, forced);
            float[] logits = new float[TinyGemma.targetConfig().vocabSize()];
            forced.forward(new int[] {2, 17, 33}, 3, logits, false);
            assertEquals(3, forced.length());
        }
    }
}
