package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collab serve} on docs/examples/serve-local.yaml as a separate process (the packaged jar), driven over
 * {@code collab agent} commands of three agents (reads over HTTP); then SIGTERM, a restart on the same folder, and everything is still there.
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class ServeLocalIT {
    private static final ThreeAgents CAST = new ThreeAgents(
            "tps",
            new ThreeAgents.Agent("drafter-lab", "ada", "tok-local-ada-example"),
            new ThreeAgents.Agent("kernel-smith", "grace", "tok-local-grace-example"),
            new ThreeAgents.Agent("eval-keeper", "alan", "tok-local-alan-example"));

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void threeAgentsWorkAndTheRecordSurvivesSigtermAndRestart() {
        Path buckets = dir.resolve("buckets");
        try (CollabProcess server = CollabProcess.serveLocal(dir)) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            CAST.play(new CliAgentDriver(api, "local-collab", "fast-gemma", "file:" + buckets, Map.of(), dir));
            int code = server.terminate(Duration.ofSeconds(30));
            assertTrue(server.output().contains("collab serve: stopped"), "exit " + code + ":\n" + server.output());
        }
        assertTrue(Files.isDirectory(buckets.resolve("local-collab/fast-gemma-main-bucket")));

        try (CollabProcess again = CollabProcess.serveLocal(dir)) {
            URI api = again.awaitListening(Duration.ofSeconds(90));
            CAST.verifyRecord(driver(api, buckets));
            again.terminate(Duration.ofSeconds(30));
        }
    }

    private HttpAgentDriver driver(URI api, Path buckets) {
        return new HttpAgentDriver(api, "local-collab", "fast-gemma", "file:" + buckets, Map.of(), dir);
    }
}
