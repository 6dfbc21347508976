package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/results/{filename}/verification} over HTTP: the Java client's call and the wire's JSON, the
 * organizer gate as the error shape, and a request body that is not a verdict.
 */
class VerdictHttpTest {
    @Test
    void anOrganizerJudgesOverTheWireAndOthersGetTheErrorShape() throws Exception {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob");
                HttpClient http = HttpClient.newHttpClient()) {
            env.scratchBucket("agent-b", "bob");
            bob.agents().register(RegisterRequest.of("agent-b", "m", "h", List.of()));
            String f = bob.results()
                    .promote(env.writeSource(
                            "agent-b",
                            "results/r1.md",
                            "---\nscore: 42.5\nmethod: beam\nstatus: agent-run\ndescription: try\n---\n"))
                    .filename();

            VerdictReceipt receipt = alice.results().setVerification(f, new VerdictRequest("valid", "re-ran it"));
            assertEquals("valid", receipt.verification());
            assertEquals("pending", receipt.previous());
            assertTrue(receipt.announcement().startsWith("message_board/"), receipt.announcement());
            assertEquals("valid", bob.results().get(f).verification());
            assertEquals(
                    "verification",
                    bob.board()
                            .message(receipt.announcement().substring("message_board/".length()))
                            .frontmatter()
                            .get("type"));

            CollabException denied = assertThrows(CollabException.class, () -> bob.results()
                    .setVerification(f, new VerdictRequest("invalid", "mine is better")));
            assertEquals(ErrorCode.NOT_ORGANIZER, denied.code());

            URI route = env.server.baseUri().resolve("/v1/results/" + f + "/verification");
            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(route)
                            .header("Authorization", "Bearer tok-alice")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"great\",\"reason\":\"x\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(422, bad.statusCode());
            assertEquals("INVALID_REQUEST", ErrorBodies.code(bad), bad.body());
            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(route)
                            .header("Authorization", "Bearer tok-alice")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"valid\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(422, missing.statusCode(), missing.body());
            assertEquals("valid", bob.results().get(f).verification());
        }
    }
}
