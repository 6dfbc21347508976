package dev.agentcollab.inference.spi;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import java.util.Optional;

/**
 * Creates backends of one kind; discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.agentcollab.inference.spi.InferenceBackendProvider}. Implementations MUST be thread
 * safe and cheap to construct; probing hardware happens in {@link #isAvailable()}, which must catch
 * {@link LinkageError} (missing native libraries) and answer {@code false}.
 */
public interface InferenceBackendProvider {
    /**
     * The provider's name, used by {@code -Dcollab.inference.backend=<name>} to force it.
     *
     * @return e.g. {@code cpu} or {@code cuda}
     */
    String name();

    /**
     * Preference among available providers; higher wins (CPU is 0).
     *
     * @return the priority
     */
    int priority();

    /**
     * Whether this provider can open a backend on this machine.
     *
     * @return {@code true} when usable
     */
    boolean isAvailable();

    /**
     * Loads the weights onto the device and allocates every buffer.
     *
     * @param target the target checkpoint
     * @param drafter the MTP drafter, if speculative decoding is wanted
     * @param options sizes to allocate
     * @return the backend, owned by the caller
     */
    InferenceBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options);
}
