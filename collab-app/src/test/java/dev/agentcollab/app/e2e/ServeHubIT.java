package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collab serve} on docs/examples/serve-hf.yaml against the fake Hub of collab-testkit: {@code hf://}
 * buckets, identity from whoami and org membership; three agents, SIGTERM, restart, record intact. Jobs and the
 * verifier are switched off through the environment (the fake Hub has no Jobs API).
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class ServeHubIT {
    private static final String ORG = "my-org";
    private static final ThreeAgents CAST = new ThreeAgents(
            "tps",
            new ThreeAgents.Agent("drafter-lab", "ada", "hf_ada_token_0001"),
            new ThreeAgents.Agent("kernel-smith", "grace", "hf_grace_token_0002"),
            new ThreeAgents.Agent("eval-keeper", "alan", "hf_alan_token_0003"));

    @TempDir
    Path dir;

    @Test
    @Timeout(600) // about 150 s on a loaded 2-core machine: eight JVM starts and Xet uploads
    void threeAgentsOnHubBucketsWithHubIdentitySurviveARestart() {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of(ORG, "admin"));
            for (ThreeAgents.Agent a : new ThreeAgents.Agent[] {CAST.drafter(), CAST.kernel(), CAST.evals()}) {
                hub.addUser(a.user(), a.token(), Map.of(ORG, "write"));
            }
            Map<String, String> env = new HashMap<>();
            env.put("HF_TOKEN", "hf_organizer_token_0000");
            env.put("COLLAB_HUB_ENDPOINT", hub.endpoint().toString());
            env.put("COLLAB_SERVER_HOST", "127.0.0.1");
            env.put("COLLAB_SERVER_PUBLIC_URL", "");
            env.put("COLLAB_JOBS_RUNNER", "none");
            env.put("COLLAB_VERIFIER_ENABLED", "false");
            Path config = CollabProcess.examples().resolve("serve-hf.yaml");

            try (CollabProcess server =
                    CollabProcess.start(env, "serve", "--config", config.toString(), "--port", "0")) {
                URI api = server.awaitListening(Duration.ofSeconds(90));
                assertTrue(hub.hasBucket(BucketId.parse(ORG + "/fast-gemma-main-bucket")), server.output());
                CAST.play(new CliAgentDriver(
                        api,
                        ORG,
                        "fast-gemma",
                        "hf://buckets",
                        Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                        dir));
                server.terminate(Duration.ofSeconds(30));
                assertTrue(server.output().contains("collab serve: stopped"), server.output());
            }
            try (CollabProcess again =
                    CollabProcess.start(env, "serve", "--config", config.toString(), "--port", "0")) {
                URI api = again.awaitListening(Duration.ofSeconds(90));
                CAST.verifyRecord(driver(api, hub));
                assertTrue(hub.paths(BucketId.parse(ORG + "/fast-gemma-main-bucket"))
                        .contains("README.md"));
                again.terminate(Duration.ofSeconds(30));
            }
        }
    }

    private HttpAgentDriver driver(URI api, FakeHfHub hub) {
        return new HttpAgentDriver(
                api,
                ORG,
                "fast-gemma",
                "hf://buckets",
                Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                dir);
    }
}
