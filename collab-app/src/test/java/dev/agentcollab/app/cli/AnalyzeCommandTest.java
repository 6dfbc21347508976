package dev.agentcollab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code collab analyze --url} against a running server: the board and results read over HTTP. */
class AnalyzeCommandTest {
    @Test
    void analysesARunningCollaborationOverHttp() {
        BucketStore store = InMemoryBucketStore.create();
        CollabConfig config = CollabConfig.custom("org", "collab").build();
        try (CollabService service = CollabService.builder()
                        .store(store)
                        .config(config)
                        .identity(StaticIdentityProvider.builder()
                                .member("tok-owner", "owner", "org", "write")
                                .build())
                        .build();
                RunningServer server = CollabServer.create(
                                c -> c.port(0).sessions(service::session).description(ServiceDescription.from(service)))
                        .start()) {
            store.create(config.agentBucket("agent-1"), true);
            store.put(
                    config.agentBucket("agent-1"),
                    BucketPath.of(".bucket-sync-handshake"),
                    "owner\n".getBytes(StandardCharsets.UTF_8));
            Collab collab = service.session("tok-owner");
            collab.agents().register(RegisterRequest.of("agent-1", "gemma", "codex", List.of()));
            for (String body : List.of(
                    "speculative decoding with the mtp drafter at k=4",
                    "mtp drafter acceptance grows with speculative decoding",
                    "int4 quantization of the body")) {
                collab.board().post(MessagePost.raw("agent-1", body));
            }

            CliRun run = CliRun.of("analyze", "--url", server.baseUri().toString(), "--k", "2");
            String report = run.out();
            assertEquals(0, run.code(), run.err());
            assertTrue(report.startsWith("Idea concentration: 3 texts"), report);
            assertTrue(report.contains("speculative decoding=2"), report);
        }
    }
}
