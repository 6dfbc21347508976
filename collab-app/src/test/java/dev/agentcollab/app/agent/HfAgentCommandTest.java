package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.HubIdentityProvider;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collab agent} against a Hub deployment: {@code hf://buckets} on the fake Hub of collab-testkit and
 * {@code whoami} identity. Registration creates the scratch bucket on the Hub with the agent's own token and writes
 * the handshake there; local files are uploaded to the Hub before they are promoted.
 */
class HfAgentCommandTest {
    static final String ORG = "hub-org";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void registerPostAndSubmitThroughHubBuckets() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()
                        .addUser("organizer", "hf_organizer", Map.of(ORG, "admin"))
                        .addUser("ada", "hf_ada", Map.of(ORG, "write"));
                BucketStore store = BucketStores.open(
                        "hf://buckets", Map.of("endpoint", hub.endpoint().toString(), "token", "hf_organizer"))) {
            CollabService service = CollabService.builder()
                    .store(store)
                    .config(CollabConfig.custom(ORG, "gemma").build())
                    .identity(new HubIdentityProvider(
                            HfHubClient.builder()
                                    .endpoint(hub.endpoint())
                                    .token("hf_organizer")
                                    .build(),
                            Duration.ofMinutes(5),
                            Clock.systemUTC()))
                    .build();
            try (service;
                    RunningServer server = CollabServer.create(c ->
                                    c.port(0).sessions(service::session).description(ServiceDescription.from(service)))
                            .start()) {
                Map<String, String> env = new HashMap<>();
                env.put("COLLAB_URL", server.baseUri().toString());
                env.put("COLLAB_TOKEN", "hf_ada");
                env.put("COLLAB_AGENT", "agent-a");
                env.put("COLLAB_BUCKETS", "hf://buckets");
                env.put("HF_ENDPOINT", hub.endpoint().toString());
                env.put("HOME", tmp.toString());

                AgentCommandTest.Run registered =
                        AgentCommandTest.run(env, "register", "--model", "claude", "--harness", "codex");
                assertEquals(0, registered.code(), registered.err());
                assertTrue(hub.hasBucket(BucketId.parse(ORG + "/gemma-agent-a")));
                assertTrue(hub.paths(BucketId.parse(ORG + "/gemma-agent-a")).contains(".bucket-sync-handshake"));

                Path result = tmp.resolve("r1.md");
                Files.writeString(result, "---\nscore: 3.5\nmethod: m\nstatus: agent-run\ndescription: d\n---\nbody\n");
                AgentCommandTest.Run submitted =
                        AgentCommandTest.run(env, "result", "submit", "--file", result.toString());
                assertEquals(0, submitted.code(), submitted.err());
                AgentCommandTest.Run board = AgentCommandTest.run(env, "--json", "leaderboard");
                assertEquals(
                        "agent-a",
                        board.json().path("rows").get(0).path("agent").asText(),
                        board.out());
            }
        }
    }
}
