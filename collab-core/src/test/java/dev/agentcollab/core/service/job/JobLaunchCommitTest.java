package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.service.internal.AuditRecovery;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job launch whose central commit (audit row, idempotency record) fails after the job was launched: one logical
 * launch under one key gives one job, one quota charge and one listed job.
 */
class JobLaunchCommitTest {
    @TempDir
    Path tmp;

    private ResultsHarness h;
    private final AtomicInteger centralFailures = new AtomicInteger();
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final JobRunRequest req = new JobRunRequest("agent-1", "submissions/v1/", "runs/r1");

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        BucketStore store = new ForwardingBucketStore(InMemoryBucketStore.create(clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.name().endsWith("-main-bucket")
                        && centralFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "store briefly unavailable");
                }
                super.apply(bucket, ops);
                if (bucket.name().endsWith("-main-bucket") && lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "the store's answer was lost");
                }
            }
        };
        JobsConfig jobs = JobsConfig.custom()
                .enabled(true)
                .interpreter(List.of("sh"))
                .entrypoint("run.sh")
                .pollInterval(Duration.ofMillis(20))
                .perAgentPerDay(5)
                .perUserPerDay(5)
                .build();
        h = new ResultsHarness(
                store,
                clock,
                ResultsConfig.ofDefaults(),
                jobs,
                s -> Optional.of(new LocalProcessJobRunner(s, tmp.resolve("work"), new Random(5))));
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("shared_resources/harness/run.sh"),
                JobsServiceContract.HARNESS.getBytes(StandardCharsets.UTF_8));
        h.onboard("agent-1", 1);
        h.put("agent-1", "submissions/v1/model.txt", "tiny");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JobLaunch launch() {
        return h.service
                .session(CallContext.ofToken("tok-owner1").withIdempotencyKey("launch-1"))
                .jobs()
                .run(req);
    }

    private long auditedLaunches() {
        return h.service.context().audit().lines("202606").stream()
                .filter(l -> l.contains("/v1/jobs:run"))
                .count();
    }

    @Test
    void aTransientCommitFailureIsRetriedWithinTheLaunch() {
        centralFailures.set(DefaultJobs.COMMIT_ATTEMPTS - 1);
        JobLaunch first = launch();
        assertEquals(1, h.service.results().quota().inWindow().size());
        assertEquals(1, h.as("tok-alice").jobs().overview(10).jobs().size(), "the job is listed");
        assertEquals(1, auditedLaunches());
        assertEquals(first.jobId(), launch().jobId(), "a retry with the key replays the launch");
        assertEquals(1, h.service.results().quota().inWindow().size());
    }

    @Test
    void aKeyedRetryAfterTheCommitFailedAnswersTheLaunchedJob() {
        centralFailures.set(DefaultJobs.COMMIT_ATTEMPTS);
        CollabException first = assertThrows(CollabException.class, this::launch);
        assertEquals(ErrorCode.UNAVAILABLE, first.code());
        assertEquals(1, h.service.results().quota().inWindow().size(), "the launch is charged");

        JobLaunch retried = launch();
        assertEquals(1, h.service.results().quota().inWindow().size(), "one logical launch, one quota charge");
        assertEquals(1, h.as("tok-alice").jobs().overview(10).jobs().size(), "one job, listed");
        assertEquals(
                retried.jobId(),
                h.as("tok-alice").jobs().overview(10).jobs().get(0).jobId());
        assertEquals(1, auditedLaunches(), "the launched job has its audit row");
        assertEquals(retried.jobId(), launch().jobId(), "a further retry replays the stored record");
        assertEquals(1, h.service.results().quota().inWindow().size());
    }

    @Test
    void aCommitThatLandedButWasReportedFailedLeavesOneAuditRowAfterARestart() {
        lostAnswers.set(1); // the first try lands, its answer is lost: the launch tries again
        JobLaunch launched = launch();
        h.service.context().audit().flush();
        assertEquals(1, auditedLaunches());

        // what a restart recovers: the rows of transaction records whose row is missing
        new AuditRecovery(h.service.context().reads(), h.service.context().audit()).run();
        assertEquals(1, auditedLaunches(), "one launch, one audit row");
        assertEquals(launched.jobId(), launch().jobId());
        assertEquals(1, h.service.results().quota().inWindow().size());
    }

    @Test
    void anotherRequestUnderTheKeyOfAnUnfinishedLaunchIsRefused() {
        centralFailures.set(DefaultJobs.COMMIT_ATTEMPTS);
        assertThrows(CollabException.class, this::launch);
        CollabException other = assertThrows(CollabException.class, () -> h.service
                .session(CallContext.ofToken("tok-owner1").withIdempotencyKey("launch-1"))
                .jobs()
                .run(new JobRunRequest("agent-1", "submissions/v1/", "runs/r2")));
        assertEquals(ErrorCode.IDEMPOTENCY_MISMATCH, other.code());
        assertEquals(1, h.service.results().quota().inWindow().size());
    }
}
