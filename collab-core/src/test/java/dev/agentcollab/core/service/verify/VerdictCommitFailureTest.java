package dev.agentcollab.core.service.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An automated verdict's index change and its announcement are one batch, and the private ledger record follows
 * them: a failure of the batch leaves the result pending to be judged again, and a stop between the batch and the
 * ledger record is healed at the next start without a second announcement.
 */
class VerdictCommitFailureTest {
    private final AtomicBoolean failAnnouncement = new AtomicBoolean();
    private final AtomicBoolean failLedger = new AtomicBoolean();
    private ResultsHarness h;
    private BucketId audit;
    private String f;

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        var store = new ForwardingBucketStore(InMemoryBucketStore.create(clock)) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (ops.stream().anyMatch(o -> o.path().value().startsWith("message_board/"))
                        && failAnnouncement.compareAndSet(true, false)) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "store briefly unavailable");
                }
                if (ops.stream().anyMatch(o -> o.path().value().endsWith("/verdict.json"))
                        && failLedger.compareAndSet(true, false)) {
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "store briefly unavailable");
                }
                super.apply(bucket, ops);
            }
        };
        h = new ResultsHarness(
                store,
                clock,
                ResultsConfig.custom()
                        .verifierEnabled(true)
                        .verifierAgent("verifier")
                        .build(),
                JobsConfig.custom().build(),
                s -> Optional.<JobRunner>empty());
        audit = h.config.auditBucket();
        h.onboard("agent-1", 1);
        f = h.promote(
                "agent-1",
                "results/r10.md",
                "score: 10\nmethod: m\nstatus: agent-run\ndescription: d\nartifacts: submissions/missing\n");
        // a finished run whose watcher is gone: the verifier judges it when it reconciles
        String runs = "verification_runs/" + f + "/";
        h.store.put(
                audit,
                BucketPath.of(runs + "verification_request.json"),
                "{\"reported_score\": 10, \"job_id\": \"hub-1\", \"requested_at\": \"2026-06-01T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8));
        h.store.put(audit, BucketPath.of(runs + "summary.json"), "{\"score\": 10.3}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<MessageRecord> announcements() {
        return h.anonymous().board().messages(ListQuery.builder().limit(0).build()).items().stream()
                .filter(m -> "verifier".equals(m.frontmatter().get("agent"))
                        && List.of(f).equals(m.frontmatter().get("refs"))
                        && m.body().contains("VERIFIED VALID"))
                .toList();
    }

    private Verifier verifier() {
        return h.service.results().verifier().orElseThrow();
    }

    @Test
    void aFailedAnnouncementLeavesTheResultPendingAndTheNextStartJudgesAndAnnouncesIt() {
        failAnnouncement.set(true);
        assertEquals(Map.of(), verifier().reconcile(), "the verdict was not written");
        assertEquals("pending", h.anonymous().results().get(f).verification(), "no verdict without its announcement");
        assertEquals(0, announcements().size());

        h = h.restart(); // a starting service reconciles before it serves
        assertEquals("valid", h.anonymous().results().get(f).verification());
        assertEquals(1, announcements().size(), "the verdict is announced once");
        assertEquals(Optional.of("valid"), h.service.results().index().ledgerState(f));
    }

    @Test
    void aStopBeforeTheLedgerRecordIsHealedAsTheVerifiersOwnVerdictWithoutASecondAnnouncement() {
        failLedger.set(true);
        assertEquals(Map.of(f, "valid"), verifier().reconcile());
        assertEquals("valid", h.anonymous().results().get(f).verification());
        assertEquals(1, announcements().size());
        assertTrue(h.service.results().index().ledgerState(f).isEmpty(), "the ledger record was not written");

        h = h.restart();
        assertEquals(
                Optional.of("valid"),
                h.service.results().index().ledgerState(f),
                "the announced verdict is recorded as the verifier's, not taken for a human's");
        assertEquals("valid", h.anonymous().results().get(f).verification());
        assertEquals(1, announcements().size(), "not announced twice");
        assertEquals(Map.of(), verifier().reconcile(), "a recorded verdict is not judged again");
    }
}
