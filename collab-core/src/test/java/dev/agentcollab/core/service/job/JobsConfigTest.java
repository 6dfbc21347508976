package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsConfigTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsMatchTheReference() {
        JobsConfig c = JobsConfig.ofDefaults();
        assertFalse(c.enabled());
        assertEquals("shared_resources/harness", c.harnessPrefix());
        assertEquals("run.py", c.entrypoint());
        assertEquals(Duration.ofMinutes(40), c.timeout());
        assertEquals(10, c.perAgentPerDay());
        assertEquals(30, c.perUserPerDay());
        assertEquals("quota/job_ledger.jsonl", c.ledgerPath());
        ResultsConfig r = ResultsConfig.ofDefaults();
        assertEquals(List.of("score", "method", "status", "description"), r.requiredFields());
        assertEquals(ScoreOrder.DESC, r.scoreOrder());
        assertEquals(5L * 1024 * 1024 * 1024, r.syncMaxBytes());
        assertEquals(0.05, r.verifierScoreTol());
    }

    @Test
    void environmentOverridesAndValidates() {
        JobsConfig c = JobsConfig.fromEnvironment(Map.of(
                "JOBS_ENABLED", "yes",
                "JOB_EXTRA_ARGS", "[\"--fast\", \"--n=3\"]",
                "JOB_TIMEOUT_MINUTES", "5",
                "JOB_HARNESS_INTERPRETER", "uv run",
                "HARNESS_PREFIX", "/shared_resources/h/"));
        assertTrue(c.enabled());
        assertEquals(List.of("--fast", "--n=3"), c.extraArgs());
        assertEquals(Duration.ofMinutes(5), c.timeout());
        assertEquals(List.of("uv", "run"), c.interpreter());
        assertEquals("shared_resources/h", c.harnessPrefix());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> JobsConfig.fromEnvironment(Map.of("JOB_PER_AGENT_PER_DAY", "ten")));
        assertEquals("JOB_PER_AGENT_PER_DAY must be an integer, but was 'ten'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JobsConfig.fromEnvironment(Map.of("JOB_EXTRA_ARGS", "x")));

        ResultsConfig r = ResultsConfig.fromEnvironment(Map.of(
                "SCORE_FIELD",
                "tokens_per_s",
                "SCORE_ORDER",
                "asc",
                "REQUIRED_RESULT_FIELDS",
                "method,tokens_per_s",
                "LEADERBOARD_GUARD_FIELD",
                "perplexity",
                "LEADERBOARD_GUARD_CAP",
                "12.5",
                "VERIFIER_ENABLED",
                "true",
                "VERIFIER_AGENT",
                "verifier"));
        assertEquals(List.of("tokens_per_s", "method"), r.requiredFields());
        assertEquals(ScoreOrder.ASC, r.scoreOrder());
        assertEquals(Optional.of(12.5), r.leaderboardGuardCap());
        assertTrue(r.verifierEnabled());
        assertThrows(
                IllegalArgumentException.class,
                () -> ResultsConfig.fromEnvironment(Map.of("VERIFIER_ENABLED", "true")),
                "needs an agent id");
    }

    @Test
    void runnerIsChosenByEnvironment() {
        var store = InMemoryBucketStore.create();
        assertInstanceOf(
                LocalProcessJobRunner.class,
                JobRunners.fromEnvironment(
                        Map.of("JOB_WORK_DIR", tmp.resolve("w").toString()), store, "org", new Random(1)));
        assertInstanceOf(
                HfJobsRunner.class,
                JobRunners.fromEnvironment(
                        Map.of("JOB_RUNNER", "hf-jobs", "HF_TOKEN", "t"), store, "org", new Random(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRunners.fromEnvironment(Map.of("JOB_RUNNER", "hf-jobs"), store, "org", new Random(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRunners.fromEnvironment(Map.of("JOB_RUNNER", "k8s"), store, "org", new Random(1)));
    }
}
