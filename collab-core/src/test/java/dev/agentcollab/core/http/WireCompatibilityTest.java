package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw HTTP against a real service: status codes and JSON field names exactly as the reference (anchor §4–§7). */
class WireCompatibilityTest {
    private LoopbackCollab env;
    private HttpClient http;

    @BeforeEach
    void start() {
        env = new LoopbackCollab(InMemoryBucketStore.create());
        env.scratchBucket("agent-a", "alice");
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        env.close();
        http.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(env.server.baseUri().resolve(path));
        if (token != null) {
            b.header("Authorization", "bearer " + token);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void statusCodesAndFieldNamesMatchTheReference() throws Exception {
        String register = "{\"agent_id\":\"agent-a\",\"model\":\"m\",\"harness\":\"h\",\"tools\":[\"bash\"]}";
        assertEquals(401, call("POST", "/v1/agents/register", register, null).statusCode());
        HttpResponse<String> registered = call("POST", "/v1/agents/register", register, "tok-alice");
        assertEquals(201, registered.statusCode());
        assertEquals(Set.of("filename", "agent_bucket", "hf_user"), keys(json(registered)));
        assertEquals(
                409, call("POST", "/v1/agents/register", register, "tok-alice").statusCode());
        HttpResponse<String> upper =
                call("POST", "/v1/agents/register", register.replace("agent-a", "Agent-A"), "tok-alice");
        assertEquals(400, upper.statusCode());
        assertEquals("INVALID_PATH", json(upper).at("/error/code").asText());
        assertEquals("use 'agent-a' instead", json(upper).at("/error/hint").asText());

        JsonNode agent = json(call("GET", "/v1/agents/agent-a", null, null));
        assertEquals(
                Set.of("agent_id", "hf_user", "model", "harness", "tools", "agent_bucket", "joined", "bio"),
                keys(agent));
        assertEquals(404, call("GET", "/v1/agents/agent-z", null, null).statusCode());

        HttpResponse<String> posted = call("POST", "/v1/messages", "{\"agent_id\":\"agent-a\",\"body\":\"hi\"}", null);
        assertEquals(201, posted.statusCode());
        assertTrue(
                keys(json(posted)).containsAll(Set.of("filename", "via", "path", "mentions_delivered", "broadcast")));
        assertEquals("raw", json(posted).get("via").asText());
        assertFalse(keys(json(posted)).contains("mentions_not_delivered"), "the extension is omitted when empty");
        HttpResponse<String> typo =
                call("POST", "/v1/messages", "{\"agent_id\":\"agent-a\",\"body\":\"ping @agent-zz\"}", null);
        assertEquals(201, typo.statusCode());
        assertEquals(
                "[{\"handle\":\"agent-zz\",\"reason\":\"not a registered agent\"}]",
                json(typo).get("mentions_not_delivered").toString());
        HttpResponse<String> broadcast =
                call("POST", "/v1/messages", "{\"agent_id\":\"agent-a\",\"body\":\"x\",\"broadcast\":true}", null);
        assertEquals(403, broadcast.statusCode());
        assertEquals("NOT_ORGANIZER", json(broadcast).at("/error/code").asText());
        assertEquals(
                422,
                call("POST", "/v1/messages", "{\"agent_id\":\"agent-a\"}", null).statusCode());

        JsonNode listing = json(call("GET", "/v1/messages?limit=1&order=asc", null, null));
        assertEquals(Set.of("count", "matched", "items", "next"), keys(listing));
        assertTrue(listing.get("items").get(0).isTextual());
        JsonNode expanded = json(call("GET", "/v1/messages?expand=1", null, null))
                .get("items")
                .get(0);
        assertEquals(Set.of("filename", "frontmatter", "body"), keys(expanded));
        assertEquals(
                400, call("GET", "/v1/messages?since=yesterday", null, null).statusCode());
        assertEquals(404, call("GET", "/v1/inbox/agent-z", null, null).statusCode());
        assertEquals(
                0,
                json(call("GET", "/v1/inbox/human-nobody", null, null))
                        .get("count")
                        .asInt());

        String source = env.writeSource(
                "agent-a", "results/r.md", "---\nscore: 2.5\nmethod: m\nstatus: agent-run\ndescription: d\n---\n");
        HttpResponse<String> result = call("POST", "/v1/results", "{\"source\":\"" + source + "\"}", null);
        assertEquals(201, result.statusCode());
        assertEquals(Set.of("filename", "via", "path"), keys(json(result)));
        JsonNode board = json(call("GET", "/v1/leaderboard", null, null));
        assertTrue(keys(board).containsAll(Set.of("score_field", "order", "rows", "meta")));
        assertTrue(keys(board.at("/rows/0"))
                .containsAll(Set.of(
                        "rank",
                        "agent",
                        "hf_user",
                        "score",
                        "method",
                        "verification",
                        "filename",
                        "timestamp",
                        "description")));
        assertEquals(Set.of("generated_at", "results_considered", "excluded"), keys(board.get("meta")));
        assertEquals(
                422,
                call("GET", "/v1/leaderboard?best_per_agent=maybe", null, null).statusCode());
        assertEquals(
                400,
                call("GET", "/v1/leaderboard?verification=bogus", null, null).statusCode());

        HttpResponse<String> tf =
                call("POST", "/v1/taskforces", "{\"name\":\"tf\",\"agent_id\":\"agent-a\",\"body\":\"# TF\"}", null);
        assertEquals(201, tf.statusCode());
        assertEquals(Set.of("name", "via", "path", "created"), keys(json(tf)));
        assertEquals(
                200,
                call("POST", "/v1/taskforces", "{\"name\":\"tf\",\"agent_id\":\"agent-a\",\"body\":\"# TF2\"}", null)
                        .statusCode());
        HttpResponse<String> readme = call("GET", "/v1/taskforces/tf/files/README.md", null, null);
        assertTrue(readme.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));

        HttpResponse<String> jobs = call(
                "POST",
                "/v1/jobs:run",
                "{\"agent_id\":\"agent-a\",\"submission_prefix\":\"s\",\"run_prefix\":\"r\"}",
                "tok-alice");
        assertEquals(404, jobs.statusCode());
        assertEquals("JOBS_DISABLED", json(jobs).at("/error/code").asText());

        JsonNode me = json(call("GET", "/v1/me", null, "tok-alice"));
        assertEquals(Set.of("hf_user", "handle", "is_member", "is_organizer"), keys(me));
        assertEquals("human-alice", me.get("handle").asText());

        JsonNode v1 = json(call("GET", "/v1", null, null));
        List<String> first = new ArrayList<>();
        v1.get("endpoints")
                .forEach(e ->
                        first.add(e.get("method").asText() + " " + e.get("path").asText()));
        assertEquals("GET /v1/digest", first.get(0));
        assertEquals(Optional.of("GET /v1/healthz"), Optional.of(first.get(first.size() - 1)));
    }

    @Test
    void aTaskforceReadmeWithoutCreatedAnswersNullLikeTheReference() throws Exception {
        env.close();
        InMemoryBucketStore store = InMemoryBucketStore.create();
        dev.agentcollab.core.service.CollabConfig config = dev.agentcollab.core.service.CollabConfig.custom(
                        LoopbackCollab.ORG, LoopbackCollab.SLUG)
                .build();
        // a README put in the central bucket by other means, without the server's created stamp
        store.create(config.centralBucket(), true);
        store.put(
                config.centralBucket(),
                dev.agentcollab.api.bucket.BucketPath.of("taskforces/tf/README.md"),
                "---\ntaskforce: tf\ncreator: agent-a\n---\n\n# TF\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        env = new LoopbackCollab(store, config);

        HttpResponse<String> detail = call("GET", "/v1/taskforces/tf", null, null);
        assertEquals(200, detail.statusCode(), detail.body());
        assertTrue(json(detail).has("created"), detail.body());
        assertTrue(json(detail).get("created").isNull(), detail.body());
        assertTrue(json(detail).get("updated").isNull(), detail.body());
        JsonNode item = json(call("GET", "/v1/taskforces", null, null)).at("/items/0");
        assertEquals("tf", item.get("name").asText());
        assertTrue(item.get("created").isNull(), item.toString());
    }

    @Test
    void aTrailingSlashOnARouteRedirectsToItAsTheReferenceDoes() throws Exception {
        // the reference (Starlette's redirect_slashes) answers 307 to the same path without the slash, query kept
        for (String path : List.of(
                "/v1/messages/",
                "/v1/leaderboard/",
                "/v1/agents/",
                "/v1/results/",
                "/v1/taskforces/",
                "/v1/inbox/agent-a/",
                "/v1/messages/x.md/")) {
            HttpResponse<String> r = call("GET", path + "?limit=1", null, null);
            assertEquals(307, r.statusCode(), path + ": " + r.body());
            assertEquals(
                    Optional.of(path.substring(0, path.length() - 1) + "?limit=1"),
                    r.headers().firstValue("Location"),
                    path);
        }
        HttpResponse<String> post = call("POST", "/v1/messages/", "{\"agent_id\":\"agent-a\",\"body\":\"hi\"}", null);
        assertEquals(307, post.statusCode(), post.body());
        assertEquals(Optional.of("/v1/messages"), post.headers().firstValue("Location"));
        HttpResponse<String> unknown = call("GET", "/v1/nope/", null, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("ROUTE_NOT_FOUND", json(unknown).at("/error/code").asText());
    }
}
