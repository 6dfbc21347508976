package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel list kept between reads: unchanged, it is the same answer with the same {@code ETag} (304 on
 * {@code If-None-Match}), also after a post outside every channel; a post in a channel changes both.
 */
@Timeout(60)
class ChannelListHttpTest {
    private LoopbackCollab collab;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        collab = new LoopbackCollab(
                InMemoryBucketStore.create(),
                CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                        .rawMessagePerMinute(1_000_000)
                        .rawMessagePerHour(1_000_000)
                        .build());
        try (CollabClient bob = collab.client("tok-bob")) {
            for (String agent : List.of("agent-1", "agent-2")) {
                collab.scratchBucket(agent, "bob");
                bob.agents().register(RegisterRequest.of(agent, "m", "h", List.of()));
            }
        }
    }

    @AfterEach
    void stop() {
        collab.close();
        http.close();
    }

    private HttpResponse<String> channels(String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(collab.server.baseUri().resolve("/v1/channels"))
                .timeout(Duration.ofSeconds(20));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String from, String channel) throws Exception {
        String in = channel == null ? "" : ",\"channel\":\"" + channel + "\"";
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(collab.server.baseUri().resolve("/v1/messages"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"agent_id\":\"" + from + "\",\"body\":\"progress\"" + in + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    private static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + r));
    }

    /** Each channel as {@code name:count:participants}. */
    private static List<String> summaries(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode c : Json.mapper().readTree(r.body())) {
            List<String> who = new ArrayList<>();
            c.path("participants").forEach(p -> who.add(p.asText()));
            out.add(c.path("channel").asText() + ":" + c.path("message_count").asInt() + ":" + who);
        }
        return out;
    }

    @Test
    void anUnchangedListIsTheSameAnswerAndAPostInAChannelChangesIt() throws Exception {
        post("agent-1", "ops");
        HttpResponse<String> a = channels(null);
        assertEquals(200, a.statusCode(), a.body());
        assertEquals(List.of("ops:1:[agent-1]"), summaries(a));
        HttpResponse<String> b = channels(null);
        assertEquals(a.body(), b.body());
        assertEquals(etag(a), etag(b));
        assertEquals(304, channels(etag(a)).statusCode());

        post("agent-2", null);
        assertEquals(304, channels(etag(a)).statusCode(), "no channel changed");

        post("agent-2", "ops");
        post("agent-1", "dev");
        HttpResponse<String> c = channels(etag(a));
        assertEquals(200, c.statusCode(), "the old ETag no longer matches");
        assertNotEquals(etag(a), etag(c));
        assertEquals(List.of("dev:1:[agent-1]", "ops:2:[agent-1, agent-2]"), summaries(c));
    }
}
