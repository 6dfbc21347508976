package dev.agentcollab.inference;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.spi.InferenceBackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;

/**
 * Opens a backend through the {@link InferenceBackendProvider}s on the class path: the available provider with the
 * highest priority wins (CUDA over CPU), {@code -Dcollab.inference.backend=<name>} forces one, and two providers with
 * one name fail fast. The choice is logged.
 */
public final class InferenceBackends {
    /** System property naming the provider to use, e.g. {@code cpu}. */
    public static final String PROPERTY = "collab.inference.backend";

    private InferenceBackends() {}

    /**
     * Lists the discovered providers; a provider that fails to load (missing classes) is skipped.
     *
     * @return providers, highest priority first
     */
    public static List<InferenceBackendProvider> providers() {
        List<InferenceBackendProvider> all = new ArrayList<>();
        var it = ServiceLoader.load(InferenceBackendProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                all.add(it.next());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                // a provider whose classes or natives are missing is skipped, like an unavailable one
                LoggerFactory.getLogger(InferenceBackends.class)
                        .debug("skipping inference backend provider: {}", e.toString());
            }
        }
        all.sort(Comparator.comparingInt(InferenceBackendProvider::priority).reversed());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).name().equals(all.get(j).name())) {
                    throw CollabException.of(
                            ErrorCode.UNSUPPORTED_SCHEME,
                            "two inference backends named "
                                    + all.get(i).name() + ": "
                                    + all.get(i).getClass().getName() + " and "
                                    + all.get(j).getClass().getName(),
                            "remove one from the class path");
                }
            }
        }
        return all;
    }

    /**
     * Opens the preferred available backend.
     *
     * @param target the target checkpoint
     * @param drafter the drafter, if any
     * @param options sizes
     * @return the backend
     * @throws CollabException {@link ErrorCode#UNSUPPORTED_SCHEME} when the forced provider is missing or none is
     *     available
     */
    public static InferenceBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return open(target, drafter, options, WeightFormat.F32);
    }

    /**
     * Opens the preferred available backend with the weights in {@code weights}
     * ({@link InferenceBackendProvider#open(Checkpoint, Optional, BackendOptions, WeightFormat)}).
     *
     * @param target the target checkpoint
     * @param drafter the drafter, if any
     * @param options sizes
     * @param weights the weight storage format
     * @return the backend
     * @throws CollabException {@link ErrorCode#UNSUPPORTED_SCHEME} when the forced provider is missing, none is
     *     available, or the chosen one does not run a quantised {@code weights} format
     */
    public static InferenceBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options, WeightFormat weights) {
        Objects.requireNonNull(weights, "weights");
        String forced = System.getProperty(PROPERTY, "");
        for (InferenceBackendProvider p : providers()) {
            boolean wanted = forced.isEmpty() ? p.isAvailable() : p.name().equals(forced);
            if (wanted) {
                if (!p.isAvailable()) {
                    throw CollabException.of(
                            ErrorCode.UNSUPPORTED_SCHEME,
                            "inference backend " + forced + " is not available on this machine");
                }
                LoggerFactory.getLogger(InferenceBackends.class).info("collab-inference backend: {}", p.name());
                return weights == WeightFormat.F32
                        ? p.open(target, drafter, options)
                        : p.open(target, drafter, options, weights);
            }
        }
        throw CollabException.of(
                ErrorCode.UNSUPPORTED_SCHEME,
                forced.isEmpty() ? "no inference backend available" : "no inference backend named " + forced,
                "-D" + PROPERTY + "=cpu selects the pure-Java backend");
    }
}
