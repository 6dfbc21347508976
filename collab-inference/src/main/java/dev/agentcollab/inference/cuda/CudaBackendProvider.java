package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.InferenceBackends;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.spi.InferenceBackendProvider;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * ServiceLoader entry for {@link CudaBackend}: name {@code cuda}, priority 100 (preferred over the CPU backend when a
 * GPU is usable). {@link #isAvailable()} never throws: it asks {@link CudaAvailability}, which probes the driver once
 * per JVM, and the first time CUDA turns out to be unusable it logs one INFO line with the reason. Thread safe.
 */
public final class CudaBackendProvider implements InferenceBackendProvider {
    /** The system property that forces a backend by provider name ({@code cpu} or {@code cuda}). */
    public static final String BACKEND_PROPERTY = InferenceBackends.PROPERTY;

    /** Creates the provider (ServiceLoader needs a public no-arg constructor). */
    public CudaBackendProvider() {}

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        CudaAvailability availability = CudaAvailability.get();
        if (!availability.available()) {
            FallbackLog.once(availability);
        }
        return availability.available();
    }

    @Override
    public InferenceBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return CudaBackend.open(target, drafter, options);
    }

    /** Logs the fallback reason once per JVM. */
    private static final class FallbackLog {
        private static boolean logged;

        static synchronized void once(CudaAvailability availability) {
            if (!logged) {
                logged = true;
                LoggerFactory.getLogger(CudaBackendProvider.class)
                        .info("{}; the CPU backend will be used", availability);
            }
        }
    }
}
