package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.time.MutableClock;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaHarnessPresetTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId SCRATCH = BucketId.parse("org/collab-agent-1");

    @Test
    void presetSetsImageInterpreterAndEntrypointAndKeepsTheRest() {
        JobsConfig base = JobsConfig.custom().flavor("cpu-upgrade").build();
        JobsConfig preset = JavaHarnessPreset.apply(base);
        assertEquals("eclipse-temurin:21-jre", preset.image());
        assertEquals("data", preset.entrypoint());
        assertEquals("cpu-upgrade", preset.flavor());
        assertEquals(
                List.of(
                        "java",
                        "-Djava.awt.headless=true",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        "/harness/lib/*",
                        "dev.agentcollab.inference.harness.HarnessMain"),
                preset.interpreter());
        assertEquals("my/image:1", JavaHarnessPreset.apply(base, "my/image:1").image());
        assertThrows(IllegalArgumentException.class, () -> JavaHarnessPreset.apply(base, " "));
    }

    @Test
    void theInterpreterCanBeSetFromTheEnvironment() {
        JobsConfig config = JobsConfig.fromEnvironment(Map.of(
                "JOB_HARNESS_INTERPRETER", String.join(" ", JavaHarnessPreset.interpreter()),
                "JOB_HARNESS_ENTRYPOINT", "data",
                "JOB_IMAGE", "eclipse-temurin:21-jre"));
        assertEquals(JavaHarnessPreset.apply(JobsConfig.ofDefaults()), config);
    }

    @Test
    void localRunnerRewritesAClassPathWildcardUnderAMount() {
        Path local = Path.of("work", "job", "harness").toAbsolutePath();
        assertEquals(
                local + File.separator + "lib" + File.separator + "*",
                LocalProcessJobRunner.rewriteForTest("/harness/lib/*", "/harness", local));
        assertEquals(local.toString(), LocalProcessJobRunner.rewriteForTest("/harness", "/harness", local));
        assertEquals(
                local + File.separator + "data",
                LocalProcessJobRunner.rewriteForTest("/harness/data", "/harness", local));
        // a longer name that merely starts with the mount path is not a mount path
        assertEquals("/harnessx/lib", LocalProcessJobRunner.rewriteForTest("/harnessx/lib", "/harness", local));
        assertEquals("-cp", LocalProcessJobRunner.rewriteForTest("-cp", "/harness", local));
    }

    @Test
    void hfJobsRunnerSendsThePresetImageAndCommandUnchanged() throws Exception {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        try (FakeHfHub hub = FakeHfHub.start().addUser("admin", "hf_admin", java.util.Map.of("org", "admin"))) {
            HfJobsRunner runner = new HfJobsRunner(
                    HttpClient.newHttpClient(), hub.endpoint(), "org", () -> "hf_admin", Duration.ofSeconds(10));
            BucketStore store = InMemoryBucketStore.create(clock);
            store.create(SCRATCH, true);
            JobsConfig config = JavaHarnessPreset.apply(JobsConfig.custom()
                    .pollInterval(Duration.ofMillis(10))
                    .grace(Duration.ZERO)
                    .build());
            try (HarnessJobs jobs = new HarnessJobs(config, runner, store, CENTRAL, "collab", clock)) {
                jobs.launchBenchmark("agent-1", "alice", SCRATCH, "submissions/v1", "runs/r1");
                JsonNode spec = Json.mapper()
                        .readTree(hub.requests().stream()
                                .filter(r -> r.method().equals("POST"))
                                .findFirst()
                                .orElseThrow()
                                .body());
                assertEquals("eclipse-temurin:21-jre", spec.path("dockerImage").asText());
                List<String> expected = new ArrayList<>(JavaHarnessPreset.interpreter());
                expected.addAll(List.of("/harness/data", "--submission-dir", "/submission", "--state-dir", "/state"));
                assertEquals(expected, Json.mapper().convertValue(spec.path("command"), List.class));
                assertEquals(
                        "shared_resources/harness",
                        spec.path("volumes").get(1).path("path").asText());
                hub.jobs().setStage(hub.jobs().jobIds().get(0), "COMPLETED", null);
            }
        }
    }
}
