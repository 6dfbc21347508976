package dev.agentcollab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferenceBackendsTest {
    @Test
    void cpuProviderIsDiscoveredAndCanBeForced() {
        assertTrue(InferenceBackends.providers().stream().anyMatch(p -> p.name().equals("cpu")));
        String before = System.getProperty(InferenceBackends.PROPERTY);
        try {
            System.setProperty(InferenceBackends.PROPERTY, "cpu");
            try (InferenceBackend b = InferenceBackends.open(
                    TinyModels.targetCheckpoint(1),
                    Optional.of(TinyModels.drafterCheckpoint(2)),
                    new BackendOptions(32, 4, 1))) {
                assertTrue(b instanceof CpuBackend);
                assertTrue(b.hasDrafter());
                assertEquals(TinyModels.target(), b.config());
            }
            System.setProperty(InferenceBackends.PROPERTY, "no-such-backend");
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> InferenceBackends.open(
                            TinyModels.targetCheckpoint(1), Optional.empty(), new BackendOptions(32, 4, 1)));
            assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        } finally {
            if (before == null) {
                System.clearProperty(InferenceBackends.PROPERTY);
            } else {
                System.setProperty(InferenceBackends.PROPERTY, before);
            }
        }
    }
}
