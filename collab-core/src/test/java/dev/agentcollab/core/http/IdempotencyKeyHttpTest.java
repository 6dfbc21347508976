package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Idempotency-Key} on the wire: replays, mismatches and malformed keys, as raw HTTP sees them. */
@Timeout(60)
class IdempotencyKeyHttpTest {
    private LoopbackCollab collab;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        collab = new LoopbackCollab(InMemoryBucketStore.create());
        collab.scratchBucket("agent-1", "bob");
        try (CollabClient bob = collab.client("tok-bob")) {
            bob.agents().register(RegisterRequest.of("agent-1", "m", "h", List.of()));
        }
    }

    @AfterEach
    void stop() {
        collab.close();
        http.close();
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dev.agentcollab.core.http.internal.HttpTransport.target(
                        collab.server.baseUri(), "/v1/messages"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> r) {
        return ErrorBodies.code(r);
    }

    @Test
    void aRepeatReturnsTheSameStatusAndBodyAndAnotherBodyIsAMismatch() throws Exception {
        String body = "{\"agent_id\":\"agent-1\",\"body\":\"hello\"}";
        HttpResponse<String> first = post("key-1", body);
        HttpResponse<String> again = post("key-1", body);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode());
        assertEquals(first.body(), again.body());

        HttpResponse<String> other = post("key-1", "{\"agent_id\":\"agent-1\",\"body\":\"changed\"}");
        assertEquals(409, other.statusCode());
        assertEquals("IDEMPOTENCY_MISMATCH", code(other));

        assertEquals(201, post(null, body).statusCode()); // without a key every post is a new write
        try (CollabClient reader = collab.client(null)) {
            assertEquals(2, reader.board().messages(ListQuery.defaults()).count());
        }
    }

    @Test
    void aMalformedKeyIsRejectedBeforeAnythingIsWritten() throws Exception {
        HttpResponse<String> r = post("x".repeat(201), "{\"agent_id\":\"agent-1\",\"body\":\"hello\"}");
        assertEquals(422, r.statusCode());
        assertEquals("INVALID_REQUEST", code(r));
        assertTrue(r.body().contains("Idempotency-Key"));
        try (CollabClient reader = collab.client(null)) {
            assertEquals(0, reader.board().messages(ListQuery.defaults()).count());
        }
    }

    @Test
    void theClientRefusesAKeyTheServiceWouldRefuseBeforeSendingAnything() {
        try (CollabClient bob = collab.client("tok-bob")) {
            for (String key : List.of("key\u0001x", " key-2 ", "schlüssel", "", "k".repeat(201))) {
                dev.agentcollab.api.error.CollabException e = org.junit.jupiter.api.Assertions.assertThrows(
                        dev.agentcollab.api.error.CollabException.class,
                        () -> bob.withIdempotencyKey(
                                key, c -> c.board().post(dev.agentcollab.api.board.MessagePost.raw("agent-1", "hi"))),
                        key);
                assertEquals(dev.agentcollab.api.error.ErrorCode.INVALID_REQUEST, e.code(), key);
                assertTrue(e.getMessage().contains("Idempotency-Key"), e.getMessage());
            }
        }
        try (CollabClient reader = collab.client(null)) {
            assertEquals(0, reader.board().messages(ListQuery.defaults()).count());
        }
    }
}
