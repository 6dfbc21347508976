package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import dev.agentcollab.api.Collab;
import dev.agentcollab.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
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
    void answersRangesSoABrokenDownloadResumes(@TempDir Path dir) throws Exception {
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        Path jar = Files.write(dir.resolve("collab.jar"), content);
        try (RunningServer server = start(Optional.of(jar))) {
            HttpResponse<byte[]> whole = get(server, Map.of());
            assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
            String etag = whole.headers().firstValue("ETag").orElseThrow();

            HttpResponse<byte[]> rest = get(server, Map.of("Range", "bytes=100000-"));
            assertEquals(206, rest.statusCode());
            assertEquals(
                    "bytes 100000-299999/300000",
                    rest.headers().firstValue("Content-Range").orElseThrow());
            assertEquals(
                    "application/java-archive",
                    rest.headers().firstValue("Content-Type").orElseThrow());
            assertArrayEquals(Arrays.copyOfRange(content, 100_000, 300_000), rest.body());

            HttpResponse<byte[]> middle = get(server, Map.of("Range", "bytes=10-19"));
            assertEquals(206, middle.statusCode());
            assertArrayEquals(Arrays.copyOfRange(content, 10, 20), middle.body());

            assertEquals(416, get(server, Map.of("Range", "bytes=300000-")).statusCode());

            // a resume against a jar that changed since (another ETag) gets the whole new file, not a splice
            HttpResponse<byte[]> changed = get(server, Map.of("Range", "bytes=100000-", "If-Range", "\"other\""));
            assertEquals(200, changed.statusCode());
            assertArrayEquals(content, changed.body());
            HttpResponse<byte[]> same = get(server, Map.of("Range", "bytes=100000-", "If-Range", etag));
            assertEquals(206, same.statusCode());

            assertEquals(304, get(server, Map.of("If-None-Match", etag)).statusCode());
        }
    }

    /**
     * A download that the client reads steadily but slowly outlives the request timeout: the deadline grows by the
     * file's length at the minimum download rate. With a 300 ms request timeout, 8 MB read at about 4 MB/s (more
     * than the sockets' buffers hold) took about two seconds and arrived whole; before, the connection was cut at
     * 300 ms.
     */
    @Test
    void aSlowButSteadyDownloadIsNotCutByTheRequestTimeout(@TempDir Path dir) throws Exception {
        byte[] content = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Path jar = Files.write(dir.resolve("collab.jar"), content);
        Collab collab = mock(Collab.class);
        try (RunningServer server = CollabServer.create(c -> c.sessions(ctx -> collab)
                                .description(ServiceDescription.of("org", "slug"))
                                .clientJar(Optional.of(jar))
                                .requestTimeout(Duration.ofMillis(300)))
                        .start();
                Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress(
                    server.baseUri().getHost(), server.baseUri().getPort()));
            socket.getOutputStream()
                    .write(("GET /v1/cli/collab.jar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                got.write(chunk, 0, n);
                Thread.sleep(15);
            }
            byte[] response = got.toByteArray();
            int headerEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            assertArrayEquals(content, Arrays.copyOfRange(response, headerEnd, response.length));
        }
    }

    private HttpResponse<byte[]> get(RunningServer server, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve("/v1/cli/collab.jar"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers");
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
