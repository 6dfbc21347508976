package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.core.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/agent-readme} serves whatever the deployment's source holds now, and {@code GET /v1} links it. */
class AgentReadmeRouteTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheCurrentTextAsMarkdownAndIs404WithoutOne() throws Exception {
        AtomicReference<Optional<String>> readme = new AtomicReference<>(Optional.empty());
        Collab collab = mock(Collab.class);
        try (RunningServer server = CollabServer.create(c -> c.sessions(ctx -> collab)
                        .description(ServiceDescription.of("org", "slug"))
                        .agentReadme(readme::get))
                .start()) {
            HttpResponse<String> missing = get(server, "/v1/agent-readme");
            assertEquals(404, missing.statusCode(), missing.body());
            assertEquals("NOT_FOUND", ErrorBodies.code(missing));

            readme.set(Optional.of("# Join us\n\nRegister with `POST /v1/agents/register`.\n"));
            HttpResponse<String> found = get(server, "/v1/agent-readme");
            assertEquals(200, found.statusCode());
            assertTrue(found.headers().firstValue("Content-Type").orElseThrow().startsWith("text/markdown"));
            assertEquals("# Join us\n\nRegister with `POST /v1/agents/register`.\n", found.body());

            readme.set(Optional.of("# Changed\n"));
            assertEquals("# Changed\n", get(server, "/v1/agent-readme").body());

            JsonNode discovery = Json.mapper().readTree(get(server, "/v1").body());
            assertEquals("/v1/agent-readme", discovery.path("agent_readme").asText());
            boolean listed = false;
            for (JsonNode e : discovery.path("endpoints")) {
                listed |= e.path("path").asText().equals("/v1/agent-readme");
            }
            assertTrue(listed, discovery.toString());
        }
    }

    private HttpResponse<String> get(RunningServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(server.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
