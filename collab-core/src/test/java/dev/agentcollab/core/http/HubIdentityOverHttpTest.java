package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.HubIdentityProvider;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /v1/me} served with identities from a rate-limited fake Hub: cached callers pass, the others get 503. */
@Timeout(60)
class HubIdentityOverHttpTest {

    @Test
    void aBusyHubMeans503WithRetryAfterAndCachedCallersAreNotAffected() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()
                        .addUser("alice", "hf_alice", Map.of("org", "admin"))
                        .addUser("bob", "hf_bob", Map.of("org", "write"));
                CollabService service = CollabService.builder()
                        .store(InMemoryBucketStore.create())
                        .config(CollabConfig.custom("org", "demo").build())
                        .identity(HubIdentityProvider.builder(HfHubClient.builder()
                                        .endpoint(hub.endpoint())
                                        .token("hf_alice")
                                        .build())
                                .build())
                        .build();
                RunningServer server = CollabServer.create(
                                c -> c.sessions(service::session).description(ServiceDescription.of("org", "demo")))
                        .start()) {
            hub.limitWhoami(1, Duration.ofMinutes(10));
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> me = get(http, server.baseUri(), "hf_alice");
                assertEquals(200, me.statusCode(), me.body());
                assertTrue(Json.mapper().readTree(me.body()).toString().contains("alice"), me.body());
            }
            HttpResponse<String> busy = get(http, server.baseUri(), "hf_bob");
            assertEquals(503, busy.statusCode(), busy.body());
            long retryAfter =
                    Long.parseLong(busy.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 60, "Retry-After " + retryAfter);
            JsonNode error = Json.mapper().readTree(busy.body()).path("error");
            assertEquals("UNAVAILABLE", error.path("code").asText());
            HttpResponse<String> bad = get(http, server.baseUri(), "hf_nobody");
            assertEquals(503, bad.statusCode()); // even a bad token cannot be told apart while the Hub refuses
            hub.limitWhoami(100, Duration.ofMinutes(10));
            assertEquals(401, get(http, server.baseUri(), "hf_nobody").statusCode());
            assertEquals(200, get(http, server.baseUri(), "hf_bob").statusCode());
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/v1/me"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
