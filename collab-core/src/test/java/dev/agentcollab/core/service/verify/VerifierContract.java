package dev.agentcollab.core.service.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automated verifier end to end with the local-process runner, on each backend. */
abstract class VerifierContract {
    /** Re-runs on the private set: the score and perplexity come from the private data set. */
    static final String HARNESS =
            """
            sub=""; state=""; priv=""; gate=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --submission-dir) sub="$2"; shift 2;;
                --state-dir) state="$2"; shift 2;;
                --private-dir) priv="$2"; shift 2;;
                --gate) gate="$2"; shift 2;;
                *) shift;;
              esac
            done
            while [ ! -f "$gate" ]; do sleep 0.05; done
            echo "re-running $(cat "$sub/model.txt")"
            sp=""
            if [ -f "$priv/speedup.txt" ]; then sp=', "speedup": '"$(cat "$priv/speedup.txt")"; fi
            printf '{"score": %s, "perplexity": %s%s}' "$(cat "$priv/score.txt")" "$(cat "$priv/ppl.txt")" "$sp" \
              > "$state/summary.json"
            """;

    @TempDir
    Path tmp;

    MutableClock clock;
    ResultsHarness h;
    Path gate;
    BucketId audit;

    abstract BucketStore newStore(Path dir, MutableClock clock);

    @BeforeEach
    void start() throws Exception {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        gate = tmp.resolve("gate");
        Files.writeString(gate, "open");
        ResultsConfig results = ResultsConfig.custom()
                .verifierEnabled(true)
                .verifierAgent("verifier")
                .verifierGuard("perplexity", 10.0)
                .build();
        JobsConfig jobs = JobsConfig.custom()
                .interpreter(List.of("sh"))
                .entrypoint("run.sh")
                .extraArgs(List.of("--gate", gate.toString()))
                .pollInterval(Duration.ofMillis(20))
                .build();
        h = new ResultsHarness(
                newStore(tmp, clock),
                clock,
                results,
                jobs,
                s -> Optional.<JobRunner>of(new LocalProcessJobRunner(s, tmp.resolve("work"), new Random(3))));
        audit = h.config.auditBucket();
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("shared_resources/harness/run.sh"),
                HARNESS.getBytes(StandardCharsets.UTF_8));
        privateSet("10.2", "9.5");
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.put("agent-1", "submissions/v1/model.txt", "tiny-1");
        h.put("agent-2", "submissions/v2/model.txt", "tiny-2");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void privateSet(String score, String ppl) {
        h.store.put(audit, BucketPath.of("eval_dataset/score.txt"), score.getBytes(StandardCharsets.UTF_8));
        h.store.put(audit, BucketPath.of("eval_dataset/ppl.txt"), ppl.getBytes(StandardCharsets.UTF_8));
    }

    private String claim(String agent, double score, String artifacts) {
        return h.promote(
                agent,
                "results/r" + score + ".md",
                "score: " + score + "\nmethod: m\nstatus: agent-run\ndescription: d\n" + artifacts);
    }

    private Optional<String> verdictOf(String filename) throws Exception {
        return h.service
                .results()
                .verifier()
                .orElseThrow()
                .verification(filename)
                .orElseThrow()
                .get(60, TimeUnit.SECONDS);
    }

    private List<MessageRecord> board() {
        return h.anonymous()
                .board()
                .messages(ListQuery.builder()
                        .limit(0)
                        .order(dev.agentcollab.api.query.SortOrder.ASC)
                        .build())
                .items();
    }

    @Test
    void aReproducedBestClaimBecomesValidAndIsAnnounced() throws Exception {
        String f = claim("agent-1", 10, "artifacts: submissions/v1\n");
        assertEquals(Optional.of("valid"), verdictOf(f));
        assertEquals("valid", h.anonymous().results().get(f).verification());

        String runs = "verification_runs/" + f + "/";
        assertTrue(h.store
                .readString(audit, BucketPath.of(runs + "verification_request.json"))
                .orElseThrow()
                .contains("\"submission_prefix\": \"submissions/v1\""));
        assertTrue(h.store
                .readString(audit, BucketPath.of(runs + "job_status.json"))
                .orElseThrow()
                .contains("\"status\": \"completed\""));
        assertEquals(
                "re-running tiny-1",
                h.store.readString(audit, BucketPath.of(runs + "job_logs.txt")).orElseThrow());
        assertEquals(Optional.of("valid"), h.service.results().index().ledgerState(f));

        MessageRecord announcement = board().get(0);
        assertEquals("verifier", announcement.frontmatter().get("agent"));
        assertEquals("server", announcement.frontmatter().get("via"));
        assertEquals("verification", announcement.frontmatter().get("type"));
        assertEquals(List.of(f), announcement.frontmatter().get("refs"));
        assertTrue(
                announcement.body().contains("@agent-1") && announcement.body().contains("VERIFIED VALID"));
        assertTrue(announcement.body().contains("| re-run perplexity | 9.5000 |"), announcement.body());
        assertTrue(announcement.body().contains("claimed a new SOTA"), announcement.body());
        String reason = "score 10.20 re-run vs 10.00 claimed (Δ 2.0% ≤ 5%); perplexity 9.5000 ≤ cap 10.0";
        assertTrue(announcement.body().contains("Reason: " + reason), announcement.body());
        assertEquals(
                Optional.of(reason),
                h.anonymous()
                        .leaderboard()
                        .leaderboard(LeaderboardQuery.defaults())
                        .rows()
                        .get(0)
                        .verificationReason());
        assertEquals(
                1, h.anonymous().board().inbox("agent-1", ListQuery.defaults()).count());
    }

    @Test
    void anOffClaimOrABrokenGuardrailIsInvalid() throws Exception {
        String first = claim("agent-1", 10, "artifacts: submissions/v1\n");
        assertEquals(Optional.of("valid"), verdictOf(first));
        String inflated = claim("agent-2", 20, "submission: hf://buckets/org/collab-agent-2/submissions/v2\n");
        assertEquals(Optional.of("invalid"), verdictOf(inflated));
        assertTrue(board().get(1).body().contains("**INVALID**"));

        privateSet("30.5", "12.0");
        String guarded = claim("agent-2", 30, "artifacts: submissions/v2\n");
        assertEquals(Optional.of("invalid"), verdictOf(guarded), "score fine, perplexity above the cap");
    }

    @Test
    void withASameJobBaselineTheSpeedupIsJudgedAndAbsoluteTokensPerSecondAreOnlyReported() throws Exception {
        // a busy machine: the re-run's tokens/s fell to 4 (claimed 10), its speed-up over the baseline timed in the
        // same job did not
        privateSet("4.0", "9.5");
        h.store.put(audit, BucketPath.of("eval_dataset/speedup.txt"), "1.9".getBytes(StandardCharsets.UTF_8));
        String honest = claim("agent-1", 10, "speedup: 2.0\nartifacts: submissions/v1\n");
        assertEquals(Optional.of("valid"), verdictOf(honest));
        String body = board().get(0).body();
        assertTrue(body.contains("| re-run score (private set) | 4.00 (Δ 60.0%) | reported, not judged |"), body);
        assertTrue(body.contains("Reason: speedup 1.900 re-measured vs 2.000 claimed (Δ 5.0% ≤ 25%)"), body);

        String inflated = claim("agent-2", 20, "speedup: 4.0\nartifacts: submissions/v2\n");
        assertEquals(Optional.of("invalid"), verdictOf(inflated));
        LeaderboardRow row = h.anonymous()
                .leaderboard()
                .leaderboard(LeaderboardQuery.defaults().withVerification("invalid"))
                .rows()
                .get(0);
        assertEquals(inflated, row.filename());
        assertTrue(
                row.verificationReason()
                        .orElseThrow()
                        .startsWith(
                                "speedup 1.900 re-measured vs 4.000 claimed (Δ 52.5% > 25%); score 4.00 re-run vs 20.00"),
                row.verificationReason().toString());
    }

    @Test
    void claimsThatAreNotANewBestAreNotRerun() throws Exception {
        String first = claim("agent-1", 10, "artifacts: submissions/v1\n");
        assertEquals(Optional.of("valid"), verdictOf(first));
        String worse = claim("agent-2", 9, "artifacts: submissions/v2\n");
        String negative = h.promote("agent-2", "results/neg.md", ResultsHarness.fm(50, "negative"));
        Verifier verifier = h.service.results().verifier().orElseThrow();
        assertTrue(verifier.verification(worse).isEmpty());
        assertTrue(verifier.verification(negative).isEmpty());
        assertEquals("pending", h.anonymous().results().get(worse).verification());
    }

    @Test
    void anUnresolvableSubmissionIsReportedAndNothingRuns() {
        String f = claim("agent-1", 10, "artifacts: submissions/missing\n");
        assertTrue(h.service.results().verifier().orElseThrow().verification(f).isEmpty());
        assertEquals("pending", h.anonymous().results().get(f).verification());
        MessageRecord note = board().get(0);
        assertTrue(note.body().contains("no runnable submission could be located"), note.body());
        // the reference's wording, which agents grep for
        assertTrue(note.body().contains("claims a new SOTA, but we couldn't reproduce it"), note.body());
        assertTrue(h.store.listAll(audit, "verification_runs/").isEmpty());
    }

    @Test
    void aRunFolderIsFollowedToItsSubmission() throws Exception {
        h.put(
                "agent-1",
                "runs/r1/job_status.json",
                "{\"status\":\"completed\",\"submission_prefix\":\"submissions/v1\"}");
        String f = claim("agent-1", 10, "artifacts:\n  - runs/r1\n");
        assertEquals(Optional.of("valid"), verdictOf(f));
    }

    @Test
    void reconcileRecordsRunsWhoseWatcherWasLost() {
        String f = claim("agent-1", 10, "artifacts: submissions/missing\n"); // nothing launched
        String runs = "verification_runs/" + f + "/";
        h.store.put(
                audit,
                BucketPath.of(runs + "verification_request.json"),
                "{\"reported_score\": 10, \"job_id\": \"hub-1\"}".getBytes(StandardCharsets.UTF_8));
        Verifier verifier = h.service.results().verifier().orElseThrow();
        assertEquals(java.util.Map.of(), verifier.reconcile(), "no summary yet: stays pending");
        h.store.put(
                audit,
                BucketPath.of(runs + "summary.json"),
                "{\"score\": 10.3, \"perplexity\": 9}".getBytes(StandardCharsets.UTF_8));
        h = h.restart(); // a starting service reconciles before it serves
        verifier = h.service.results().verifier().orElseThrow();
        assertEquals("valid", h.anonymous().results().get(f).verification(), "judged at start-up");
        assertEquals(java.util.Map.of(), verifier.reconcile(), "a recorded verdict is not judged again");
    }

    @Test
    void aHumanVerdictWrittenDuringTheRunWins() throws Exception {
        Files.delete(gate);
        String f = claim("agent-1", 10, "artifacts: submissions/v1\n");
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of(VerificationIndex.PATH),
                ("{\"" + f + "\": \"invalid\"}").getBytes(StandardCharsets.UTF_8));
        Files.writeString(gate, "open");
        assertEquals(Optional.empty(), verdictOf(f));
        assertEquals("invalid", h.anonymous().results().get(f).verification());
        assertTrue(board().isEmpty(), "no announcement for a verdict that was not written");
    }
}
