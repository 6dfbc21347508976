package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The supervisor with a scripted runner: every inspection is answered from a queue the test fills. */
@Timeout(60)
class JobSupervisorTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    /** Answers inspections from a queue; an answer of {@code null} stage means "404". */
    private static final class Scripted implements JobRunner {
        final BlockingQueue<JobStage> answers = new ArrayBlockingQueue<>(64);
        final List<Long> askedAtNanos = new CopyOnWriteArrayList<>();
        volatile int cancels;

        @Override
        public JobHandle launch(JobSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobState inspect(String jobId) {
            askedAtNanos.add(System.nanoTime());
            JobStage next;
            try {
                next = answers.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (next == null || next == JobStage.UNKNOWN) {
                throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "404");
            }
            return JobState.of(next);
        }

        @Override
        public void cancel(String jobId) {
            cancels++;
        }

        @Override
        public String logs(String jobId, int tailLines) {
            return "";
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    @Test
    void failuresAreLostAfterThreeFoundAgainAndNeverTerminal() throws Exception {
        Scripted runner = new Scripted();
        List<String> heard = new CopyOnWriteArrayList<>();
        JobSupervisor.Listener listener = new JobSupervisor.Listener() {
            @Override
            public void lost(RuntimeException last) {
                heard.add("lost");
            }

            @Override
            public void found(JobState state) {
                heard.add("found " + state.stage());
            }
        };
        // RUNNING, four failures (UNKNOWN stands for a 404), RUNNING, COMPLETED
        for (JobStage s : List.of(
                JobStage.RUNNING,
                JobStage.UNKNOWN,
                JobStage.UNKNOWN,
                JobStage.UNKNOWN,
                JobStage.UNKNOWN,
                JobStage.RUNNING,
                JobStage.COMPLETED)) {
            runner.answers.add(s);
        }
        try (JobSupervisor supervisor = new JobSupervisor(runner, clock, Duration.ofMillis(5), Duration.ZERO)) {
            JobOutcome outcome =
                    supervisor.watch("job", Duration.ofMinutes(40), listener).get(30, TimeUnit.SECONDS);
            assertEquals("completed", outcome.status());
        }
        assertEquals(List.of("lost", "found RUNNING"), heard);
        assertEquals(0, runner.cancels);
        assertEquals(7, runner.askedAtNanos.size());
        // the delay doubles after each failure: after the 4th it is 16 poll intervals (the cap)
        long gap = runner.askedAtNanos.get(5) - runner.askedAtNanos.get(4);
        assertTrue(gap >= Duration.ofMillis(5 * 16).toNanos(), "gap " + gap);
    }

    @Test
    void aJobAdoptedAfterARestartCountsItsCapFromItsLaunch() throws Exception {
        Scripted runner = new Scripted();
        for (int i = 0; i < 10; i++) {
            runner.answers.add(JobStage.RUNNING);
        }
        try (JobSupervisor supervisor = new JobSupervisor(runner, clock, Duration.ofMillis(5), Duration.ZERO)) {
            JobOutcome outcome = supervisor
                    .watchSince(
                            "job",
                            clock.instant().minus(Duration.ofMinutes(41)),
                            Duration.ofMinutes(40),
                            JobSupervisor.Listener.NONE)
                    .get(30, TimeUnit.SECONDS);
            assertEquals("timed_out", outcome.status());
        }
        assertEquals(1, runner.cancels);
    }
}
