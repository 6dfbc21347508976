package dev.agentcollab.core.service.job;

import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls a launched job until it is terminal, enforcing the runtime cap independently of the platform: when the
 * job is still running {@code timeout + grace} after launch, it is canceled and reported as {@code timed_out}.
 * Transient inspect failures are logged and polling goes on.
 *
 * <p>Thread safe. One daemon scheduler thread serves every watched job; {@link #close()} stops it.
 */
public final class JobSupervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobSupervisor.class.getName());

    private final JobRunner runner;
    private final InstantSource clock;
    private final Duration pollInterval;
    private final Duration grace;
    private final ScheduledExecutorService scheduler;
    private final Set<CompletableFuture<JobOutcome>> pending = ConcurrentHashMap.newKeySet();

    /**
     * Creates a supervisor.
     *
     * @param runner the runner that launched the jobs
     * @param clock the clock that measures the cap
     * @param pollInterval how often to inspect a job
     * @param grace how long past the cap before the supervisor cancels the job itself
     */
    public JobSupervisor(JobRunner runner, InstantSource clock, Duration pollInterval, Duration grace) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollInterval = requirePositive(pollInterval, "pollInterval");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collab-job-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts watching a job.
     *
     * @param jobId the job
     * @param timeout the job's runtime cap
     * @return completes once the job is terminal or was stopped for overrunning the cap; never completes
     *     exceptionally
     */
    public CompletableFuture<JobOutcome> watch(String jobId, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout).plus(grace);
        CompletableFuture<JobOutcome> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((o, e) -> pending.remove(result));
        scheduler.execute(() -> poll(jobId, timeout, deadline, result));
        return result;
    }

    private void poll(String jobId, Duration timeout, Instant deadline, CompletableFuture<JobOutcome> result) {
        Optional<JobState> state = Optional.empty();
        try {
            state = Optional.of(runner.inspect(jobId));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "inspect(" + jobId + ") failed; polling on", e);
        }
        if (state.isPresent() && state.get().stage().terminal()) {
            result.complete(outcomeOf(state.get()));
            return;
        }
        if (clock.instant().isAfter(deadline)) {
            try {
                runner.cancel(jobId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cancel(" + jobId + ") failed", e);
            }
            result.complete(new JobOutcome(
                    "timed_out",
                    state.map(JobState::stage),
                    "job did not finish within " + timeout.toMinutes()
                            + " minutes and was stopped; see job_logs.txt for partial output"));
            return;
        }
        try {
            scheduler.schedule(
                    () -> poll(jobId, timeout, deadline, result), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result.complete(new JobOutcome("unknown", state.map(JobState::stage), "supervisor stopped"));
        }
    }

    /**
     * Maps a terminal state to the participant-facing outcome.
     *
     * @param state a terminal state
     * @return the outcome
     */
    static JobOutcome outcomeOf(JobState state) {
        JobStage stage = state.stage();
        String message =
                switch (stage) {
                    case COMPLETED -> "benchmark completed; see summary.json";
                    case ERROR ->
                        state.message()
                                .filter(m -> !m.isBlank())
                                .map(m -> "job ended in error: " + m)
                                .orElse("job ended in error");
                    case CANCELED -> "job was canceled";
                    case DELETED -> "job was deleted";
                    default -> "job ended in stage '" + stage.name() + "'";
                };
        return new JobOutcome(stage.statusWord(), Optional.of(stage), message);
    }

    private static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
        return d;
    }

    /** Stops the scheduler; jobs still being watched complete with status {@code unknown}. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (CompletableFuture<JobOutcome> f : pending) {
            f.complete(new JobOutcome("unknown", Optional.empty(), "supervisor stopped"));
        }
    }
}
