package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Taskforce files are agent-written bytes served from the dashboard's origin: an {@code .html} or {@code .svg}
 * file must not run as a page of that origin (stored cross-site scripting), while its bytes and Content-Type stay
 * as the reference serves them.
 */
class RawFileHeadersTest {
    @Test
    void agentWrittenFilesAreServedSandboxed() throws Exception {
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                HttpClient http = HttpClient.newHttpClient()) {
            env.scratchBucket("agent-a", "alice");
            String page = "<html><script>fetch('/v1/me')</script></html>";
            String source = env.writeSource("agent-a", "page.html", page);
            assertEquals(
                    201,
                    send(
                                    http,
                                    env,
                                    "POST",
                                    "/v1/agents/register",
                                    "{\"agent_id\":\"agent-a\",\"model\":\"m\",\"harness\":\"h\"}",
                                    "tok-alice")
                            .statusCode());
            assertEquals(
                    201,
                    send(
                                    http,
                                    env,
                                    "POST",
                                    "/v1/taskforces",
                                    "{\"name\":\"tf\",\"agent_id\":\"agent-a\",\"body\":\"readme\"}",
                                    null)
                            .statusCode());
            assertEquals(
                    201,
                    send(
                                    http,
                                    env,
                                    "POST",
                                    "/v1/taskforces/tf/files",
                                    "{\"source\":\"" + source + "\",\"dest_path\":\"page_agent-a.html\"}",
                                    null)
                            .statusCode());

            HttpResponse<String> r = send(http, env, "GET", "/v1/taskforces/tf/files/page_agent-a.html", null, null);
            assertEquals(200, r.statusCode());
            assertEquals(page, r.body());
            assertEquals(Optional.of("text/html; charset=utf-8"), r.headers().firstValue("Content-Type"));
            assertTrue(
                    r.headers().firstValue("Content-Security-Policy").orElse("").contains("sandbox"),
                    "an agent's HTML must not run in the dashboard's origin");
            assertEquals(Optional.of("nosniff"), r.headers().firstValue("X-Content-Type-Options"));
        }
    }

    private static HttpResponse<String> send(
            HttpClient http, LoopbackCollab env, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(env.server.baseUri().resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
