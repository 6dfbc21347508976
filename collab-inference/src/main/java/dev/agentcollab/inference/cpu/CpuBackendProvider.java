package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.spi.InferenceBackendProvider;
import java.util.Optional;

/** ServiceLoader entry for {@link CpuBackend}: always available, priority 0. Thread safe (stateless). */
public final class CpuBackendProvider implements InferenceBackendProvider {
    /** Creates the provider (ServiceLoader needs a public no-arg constructor). */
    public CpuBackendProvider() {}

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public InferenceBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return CpuBackend.open(target, drafter, options);
    }

    @Override
    public InferenceBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options, WeightFormat weights) {
        return CpuBackend.open(target, drafter, options, weights);
    }
}
