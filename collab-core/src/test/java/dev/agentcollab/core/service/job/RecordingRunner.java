package dev.agentcollab.core.service.job;

import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobState;
import java.util.function.Consumer;

/** A runner decorator that shows each spec to a probe just before the launch goes out. */
final class RecordingRunner implements JobRunner {
    private final JobRunner delegate;
    private final Consumer<JobSpec> probe;

    RecordingRunner(JobRunner delegate, Consumer<JobSpec> probe) {
        this.delegate = delegate;
        this.probe = probe;
    }

    @Override
    public JobHandle launch(JobSpec spec) {
        probe.accept(spec);
        return delegate.launch(spec);
    }

    @Override
    public JobState inspect(String jobId) {
        return delegate.inspect(jobId);
    }

    @Override
    public void cancel(String jobId) {
        delegate.cancel(jobId);
    }

    @Override
    public String logs(String jobId, int tailLines) {
        return delegate.logs(jobId, tailLines);
    }

    @Override
    public String name() {
        return delegate.name();
    }
}
