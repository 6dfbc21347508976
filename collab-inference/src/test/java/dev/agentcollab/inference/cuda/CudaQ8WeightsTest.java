package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.InferenceBackends;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend has no Q8_0 kernels: asked for {@code q8_0} weights it refuses by name before touching a device,
 * instead of running dequantised or bf16 weights under the Q8_0 label. The CPU backend runs them.
 */
class CudaQ8WeightsTest {
    private static final BackendOptions OPTIONS = new BackendOptions(32, 4, 1);

    @AfterEach
    void clearProperty() {
        System.clearProperty(InferenceBackends.PROPERTY);
    }

    @Test
    void cudaRefusesQ8WeightsByName() {
        CollabException e = assertThrows(CollabException.class, () -> new CudaBackendProvider()
                .open(TinyGemma.target(1), Optional.empty(), OPTIONS, WeightFormat.Q8_0));
        assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        assertTrue(e.getMessage().contains("cuda inference backend does not run q8_0 weights"), e.getMessage());
    }

    @Test
    void theCpuBackendRunsQ8Weights() {
        System.setProperty(InferenceBackends.PROPERTY, "cpu");
        try (InferenceBackend b =
                InferenceBackends.open(TinyGemma.target(1), Optional.empty(), OPTIONS, WeightFormat.Q8_0)) {
            assertTrue(b.name().contains("-q8_0-"), b.name());
        }
    }
}
