package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbox answers kept between polls (the service's page cache and the route's serialised bytes): an unchanged inbox
 * is the same answer with the same {@code ETag} and a 304 on {@code If-None-Match}; a post to the agent changes
 * both; and pollers racing with writers never get a page older than a write whose response they have seen.
 */
@Timeout(120)
class InboxCacheHttpTest {
    private LoopbackCollab collab;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        // Rate limits out of the way: the race test posts 40 raw messages in a few seconds.
        collab = new LoopbackCollab(
                InMemoryBucketStore.create(),
                CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                        .rawMessagePerMinute(1_000_000)
                        .rawMessagePerHour(1_000_000)
                        .bucketWriteBurst(1_000_000)
                        .bucketWritePerMinute(1_000_000)
                        .build());
        try (CollabClient bob = collab.client("tok-bob")) {
            for (String agent : List.of("agent-1", "agent-2", "agent-3")) {
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

    private URI inbox(String agent, String query) {
        return collab.server.baseUri().resolve("/v1/inbox/" + agent + "?" + query);
    }

    private HttpResponse<String> get(URI uri, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a raw message and returns its filename. */
    private String post(String from, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(collab.server.baseUri().resolve("/v1/messages"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"agent_id\":\"" + from + "\",\"body\":\"" + body + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body()).path("filename").asText();
    }

    private static List<String> filenames(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode item : Json.mapper().readTree(r.body()).path("items")) {
            out.add(item.isTextual() ? item.asText() : item.path("filename").asText());
        }
        return out;
    }

    private static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + r));
    }

    @Test
    void anUnchangedInboxIsTheSameAnswerWithTheSameEtagAnd304OnIfNoneMatch() throws Exception {
        String first = post("agent-2", "hello @agent-1");
        URI uri = inbox("agent-1", "expand=true&limit=20");

        HttpResponse<String> a = get(uri, null);
        HttpResponse<String> b = get(uri, null);
        assertEquals(200, a.statusCode(), a.body());
        assertEquals(List.of(first), filenames(a));
        assertEquals(a.body(), b.body());
        assertEquals(etag(a), etag(b));

        HttpResponse<String> notModified = get(uri, etag(a));
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals(etag(a), etag(notModified));

        assertEquals(200, get(uri, "\"another\"").statusCode());
        HttpResponse<String> other = get(inbox("agent-1", "expand=false&limit=20"), null);
        assertNotEquals(etag(a), etag(other), "another query is another answer");
        assertEquals(List.of(first), filenames(other));
    }

    @Test
    void aPostToTheAgentChangesItsAnswerAndEtagButNotAnotherAgents() throws Exception {
        post("agent-2", "hello @agent-1");
        post("agent-2", "hello @agent-3");
        URI one = inbox("agent-1", "expand=true");
        URI three = inbox("agent-3", "expand=true");
        String tagOne = etag(get(one, null));
        String tagThree = etag(get(three, null));

        String second = post("agent-2", "again @agent-1");

        HttpResponse<String> after = get(one, tagOne);
        assertEquals(200, after.statusCode(), "the old ETag no longer matches");
        assertNotEquals(tagOne, etag(after));
        assertEquals(second, filenames(after).getFirst(), "the newest message first");
        assertEquals(2, filenames(after).size());
        assertEquals(304, get(three, tagThree).statusCode(), "agent-3's inbox did not change");
    }

    @Test
    void pollersRacingWithWritersNeverGetAPageOlderThanAnAnsweredWrite() throws Exception {
        URI uri = inbox("agent-1", "expand=true&limit=5");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        List<Future<?>> pollers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int p = 0; p < 4; p++) {
                pollers.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!stop.get() && System.nanoTime() < deadline) {
                        HttpResponse<String> r = get(uri, null);
                        assertEquals(200, r.statusCode(), r.body());
                        polls.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                for (int i = 0; i < 40; i++) {
                    String from = i % 2 == 0 ? "agent-2" : "agent-3";
                    String written = post(from, "update " + i + " for @agent-1");
                    HttpResponse<String> seen = get(uri, null);
                    assertEquals(
                            written,
                            filenames(seen).getFirst(),
                            "a poll after the write's response lists it (write " + i + ")");
                    String tag = etag(seen);
                    assertEquals(304, get(uri, tag).statusCode(), "and that answer is now the current one");
                }
            } finally {
                stop.set(true);
            }
            for (Future<?> f : pollers) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertTrue(polls.get() > 0, "the pollers ran");
    }
}
