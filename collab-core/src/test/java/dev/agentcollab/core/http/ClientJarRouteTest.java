package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import dev.agentcollab.api.Collab;
import dev.agentcollab.core.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/cli/collab.jar} streams the jar the server runs from, and answers 404 without one. */
class ClientJarRouteTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void streamsTheWholeFileWithItsLength(@TempDir Path dir) throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 12_345]; // many stream buffers and a partial last one
        new Random(7).nextBytes(content);
        Path jar = Files.write(dir.resolve("collab.jar"), content);
        try (RunningServer server = start(Optional.of(jar))) {
            HttpResponse<byte[]> got = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/cli/collab.jar"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertEquals(
                    "application/java-archive",
                    got.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    String.valueOf(content.length),
                    got.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(
                    "attachment; filename=\"collab.jar\"",
                    got.headers().firstValue("Content-Disposition").orElseThrow());
            assertArrayEquals(content, got.body());

            HttpResponse<byte[]> head = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/cli/collab.jar"))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(
                    String.valueOf(content.length),
                    head.headers().firstValue("Content-Length").orElseThrow());

            String discovery = http.send(
                            HttpRequest.newBuilder(server.baseUri().resolve("/v1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertEquals(
                    "/v1/cli/collab.jar",
                    Json.mapper().readTree(discovery).path("client_jar").asText());
        }
    }

    @Test
    void is404WhenTheServerRunsFromNoJar(@TempDir Path dir) throws Exception {
        for (Optional<Path> jar : java.util.List.of(Optional.<Path>empty(), Optional.of(dir.resolve("gone.jar")))) {
            try (RunningServer server = start(jar)) {
                HttpResponse<String> missing = http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/v1/cli/collab.jar"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, missing.statusCode());
                assertEquals("NOT_FOUND", ErrorBodies.code(missing));
            }
        }
    }

    private static RunningServer start(Optional<Path> jar) {
        Collab collab = mock(Collab.class);
        return CollabServer.create(c -> c.sessions(ctx -> collab)
                        .description(ServiceDescription.of("org", "slug"))
                        .clientJar(jar))
                .start();
    }
}
