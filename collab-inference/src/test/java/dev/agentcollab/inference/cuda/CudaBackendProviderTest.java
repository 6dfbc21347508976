package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.InferenceBackends;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.spi.InferenceBackendProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CUDA provider is discovered, preferred when usable, and falls back to the CPU backend cleanly when not. */
class CudaBackendProviderTest {

    private static final BackendOptions OPTIONS = new BackendOptions(64, 8, 1);

    @AfterEach
    void clearProperty() {
        System.clearProperty(InferenceBackends.PROPERTY);
    }

    @Test
    void discoveredAndRankedAboveTheCpuBackend() {
        List<InferenceBackendProvider> providers = InferenceBackends.providers();
        List<String> names =
                providers.stream().map(InferenceBackendProvider::name).toList();
        assertTrue(names.indexOf("cuda") >= 0 && names.indexOf("cuda") < names.indexOf("cpu"), names.toString());
        InferenceBackendProvider cuda = providers.get(names.indexOf("cuda"));
        assertInstanceOf(CudaBackendProvider.class, cuda);
        assertEquals(CudaAvailability.get().available(), cuda.isAvailable());
    }

    @Test
    void withoutAGpuTheSelectorFallsBackToTheCpuBackend() {
        assumeFalse(CudaAvailability.get().available(), "a CUDA device is present");
        try (InferenceBackend backend =
                InferenceBackends.open(TinyGemma.target(1), Optional.of(TinyGemma.drafter(2)), OPTIONS)) {
            assertInstanceOf(CpuBackend.class, backend);
            float[] logits = new float[TinyGemma.targetConfig().vocabSize()];
            backend.forward(new int[] {2, 17, 33}, 3, logits, false);
            assertEquals(3, backend.length());
        }
    }

    @Test
    void forcingCudaWithoutAGpuFailsWithTheReason() {
        assumeFalse(CudaAvailability.get().available(), "a CUDA device is present");
        System.setProperty(InferenceBackends.PROPERTY, "cuda");
        CollabException e = assertThrows(
                CollabException.class, () -> InferenceBackends.open(TinyGemma.target(1), Optional.empty(), OPTIONS));
        assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        CollabException direct = assertThrows(
                CollabException.class, () -> CudaBackend.open(TinyGemma.target(1), Optional.empty(), OPTIONS));
        assertEquals(ErrorCode.UNAVAILABLE, direct.code());
        assertTrue(direct.getMessage().startsWith("CUDA unavailable: "), direct.getMessage());
    }

    @Test
    void forcingCpuWinsOverAnAvailableGpu() {
        System.setProperty(InferenceBackends.PROPERTY, "cpu");
        try (InferenceBackend backend = InferenceBackends.open(TinyGemma.target(1), Optional.empty(), OPTIONS)) {
            assertInstanceOf(CpuBackend.class, backend);
        }
    }
}
