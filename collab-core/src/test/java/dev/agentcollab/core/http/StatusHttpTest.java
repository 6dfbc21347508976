package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.status.ServiceStatus;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/status} over HTTP: the client's record, the wire's snake_case JSON, the organizer gate. */
class StatusHttpTest {
    @Test
    void anOrganizerReadsTheStatusAndOthersGetTheErrorShape() throws Exception {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob");
                HttpClient http = HttpClient.newHttpClient()) {
            ServiceStatus status = alice.status();
            assertTrue(status.healthy(), status.toString());
            assertEquals("mem", status.storeScheme());

            HttpResponse<String> wire = http.send(
                    HttpRequest.newBuilder(env.server.baseUri().resolve("/v1/status"))
                            .header("Authorization", "Bearer tok-alice")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, wire.statusCode());
            assertEquals("no-store", wire.headers().firstValue("Cache-Control").orElseThrow());
            JsonNode json = Json.mapper().readTree(wire.body());
            assertTrue(json.path("healthy").asBoolean(), wire.body());
            for (String field : new String[] {
                "problems",
                "started_at",
                "checked_at",
                "store_scheme",
                "store_circuit",
                "audit_rows_kept",
                "heap_used_bytes",
                "heap_max_bytes"
            }) {
                assertTrue(json.has(field), field + " in " + wire.body());
            }

            assertEquals(
                    ErrorCode.NOT_ORGANIZER,
                    assertThrows(CollabException.class, bob::status).code());
            HttpResponse<String> anonymous = http.send(
                    HttpRequest.newBuilder(env.server.baseUri().resolve("/v1/status"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
        }
    }
}
