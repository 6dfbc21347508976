package dev.agentcollab.inference.spi;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import java.util.Locale;
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

    /**
     * Loads the weights in a chosen storage format. A provider that cannot run a quantised format refuses it by name
     * rather than quietly running other weights; this default does so for {@link WeightFormat#quantised()} formats
     * and opens the provider's own float storage for {@link WeightFormat#F32} and {@link WeightFormat#BF16}.
     *
     * @param target the target checkpoint
     * @param drafter the MTP drafter, if speculative decoding is wanted
     * @param options sizes to allocate
     * @param weights the weight storage format
     * @return the backend, owned by the caller
     * @throws CollabException {@link ErrorCode#UNSUPPORTED_SCHEME} for a quantised format this provider does not run
     */
    default InferenceBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options, WeightFormat weights) {
        if (weights.quantised()) {
            throw CollabException.of(
                    ErrorCode.UNSUPPORTED_SCHEME,
                    "the " + name() + " inference backend does not run "
                            + weights.name().toLowerCase(Locale.ROOT) + " weights",
                    "-Dcollab.inference.backend=cpu runs them on the pure-Java backend");
        }
        return open(target, drafter, options);
    }
}
