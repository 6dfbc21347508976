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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a launched job until it is terminal, enforcing the runtime cap independently of the platform: when the
 * job is still running {@code timeout + grace} after launch, it is canceled and reported as {@code timed_out}.
 * Inspect failures (a 404 included) are transient: polling goes on with a doubling delay (at most 16 poll
 * intervals), and after three failures in a row the job's {@link Listener} hears that its state is
 * unknown; the job is still watched and, if it never comes back, canceled at the cap like any other.
 *
 * <p>Thread safe. One daemon scheduler thread serves every watched job; {@link #close()} stops it.
 */
public final class JobSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobSupervisor.class);
    /** Consecutive inspect failures after which a job's state is reported unknown. */
    static final int LOST_AFTER = 3;
    /** The message of the outcome a watch ends with when the supervisor stops before the job ended. */
    static final String STOPPED = "supervisor stopped";

    /** Hears about a watched job between polls; called on the supervisor's thread, must not block long. */
    public interface Listener {
        /** Listens to nothing. */
        Listener NONE = new Listener() {};

        /**
         * The job could not be inspected three times in a row; it is still being watched.
         *
         * @param last the last failure
         */
        default void lost(RuntimeException last) {}

        /**
         * The job was inspected again after it had been lost.
         *
         * @param state its current, non-terminal state
         */
        default void found(JobState state) {}
    }

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
        return watch(jobId, timeout, Listener.NONE);
    }

    /**
     * Starts watching a job, telling a listener when its state is lost and found again.
     *
     * @param jobId the job
     * @param timeout the job's runtime cap
     * @param listener hears about lost and found states
     * @return completes once the job is terminal or was stopped for overrunning the cap; never completes
     *     exceptionally
     */
    public CompletableFuture<JobOutcome> watch(String jobId, Duration timeout, Listener listener) {
        return watch(jobId, clock.instant().plus(timeout).plus(grace), timeout, listener);
    }

    /**
     * Starts watching a job launched earlier (e.g. before a restart), whose cap runs from its launch.
     *
     * @param jobId the job
     * @param launchedAt when it was launched
     * @param timeout the job's runtime cap
     * @param listener hears about lost and found states
     * @return as for {@link #watch(String, Duration)}
     */
    public CompletableFuture<JobOutcome> watchSince(
            String jobId, Instant launchedAt, Duration timeout, Listener listener) {
        return watch(jobId, launchedAt.plus(timeout).plus(grace), timeout, listener);
    }

    private CompletableFuture<JobOutcome> watch(String jobId, Instant deadline, Duration timeout, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<JobOutcome> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((o, e) -> pending.remove(result));
        Watch w = new Watch(jobId, timeout, deadline, listener, result);
        scheduler.execute(() -> poll(w));
        return result;
    }

    private static final class Watch {
        final String jobId;
        final Duration timeout;
        final Instant deadline;
        final Listener listener;
        final CompletableFuture<JobOutcome> result;
        int failures;

        Watch(String jobId, Duration timeout, Instant deadline, Listener listener, CompletableFuture<JobOutcome> r) {
            this.jobId = jobId;
            this.timeout = timeout;
            this.deadline = deadline;
            this.listener = listener;
            this.result = r;
        }
    }

    private void poll(Watch w) {
        String jobId = w.jobId;
        Duration timeout = w.timeout;
        Instant deadline = w.deadline;
        CompletableFuture<JobOutcome> result = w.result;
        Optional<JobState> state = Optional.empty();
        try {
            state = Optional.of(runner.inspect(jobId));
        } catch (RuntimeException e) {
            w.failures++;
            LOG.debug("inspect(" + jobId + ") failed " + w.failures + " time(s); polling on", e);
            if (w.failures == LOST_AFTER) {
                notify(() -> w.listener.lost(e));
            }
        }
        if (state.isPresent() && state.get().stage().terminal()) {
            result.complete(outcomeOf(state.get()));
            return;
        }
        if (state.isPresent() && w.failures > 0) {
            boolean wasLost = w.failures >= LOST_AFTER;
            w.failures = 0;
            if (wasLost) {
                JobState found = state.get();
                notify(() -> w.listener.found(found));
            }
        }
        if (clock.instant().isAfter(deadline)) {
            try {
                runner.cancel(jobId);
            } catch (RuntimeException e) {
                LOG.warn("cancel(" + jobId + ") failed", e);
            }
            result.complete(new JobOutcome(
                    "timed_out",
                    state.map(JobState::stage),
                    "job did not finish within " + timeout.toMinutes()
                            + " minutes and was stopped; see job_logs.txt for partial output"));
            return;
        }
        long delay = pollInterval.toMillis() << Math.min(w.failures, 4);
        try {
            scheduler.schedule(() -> poll(w), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result.complete(new JobOutcome("unknown", state.map(JobState::stage), STOPPED));
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("job listener failed", e);
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

    /**
     * Whether an outcome only says that the supervisor stopped watching (the service shut down), not that the job
     * ended: the job may still run on its platform.
     *
     * @param outcome an outcome of {@link #watch}
     * @return {@code true} for the outcome {@link #close()} completes pending watches with
     */
    static boolean stoppedWatching(JobOutcome outcome) {
        return "unknown".equals(outcome.status()) && STOPPED.equals(outcome.message());
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
            f.complete(new JobOutcome("unknown", Optional.empty(), STOPPED));
        }
    }
}
