package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * The CUDA provider is discovered, preferred when usable, and falls back to the CPU backend cleanly when not. Forcing
 * the CPU backend over a usable GPU is checked where there is one: {@link CudaBackendSelectionGpuTest}.
 */
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
        // independent of the probe: with no libcuda.so.1 to link against (and no emulator in this JVM) CUDA cannot
        // be usable; with one, CudaBackendSelectionGpuTest checks the other direction on the real or emulated GPU
        if (FakeCuda.realDriver().isEmpty() && !FakeCuda.requested()) {
            assertFalse(cuda.isAvailable(), "no libcuda.so.1 on this machine, yet the provider reports CUDA usable");
        }
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
}
