package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Drives a collaboration over plain HTTP from this process, and prepares buckets with {@code collab bucket}
 * commands of the packaged jar (separate processes), as an agent following the README would.
 */
final class HttpAgentDriver implements AgentDriver {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI api;
    private final String org;
    private final String slug;
    private final String store;
    private final Map<String, String> bucketEnv;
    private final Path scratch;

    /**
     * @param api the server
     * @param org the org
     * @param slug the slug
     * @param store the store URI for {@code collab bucket --store}
     * @param bucketEnv extra environment of {@code collab bucket} (e.g. {@code HF_ENDPOINT}); the agent's token
     *     is added as {@code HF_TOKEN}
     * @param scratch a folder for local files
     */
    HttpAgentDriver(URI api, String org, String slug, String store, Map<String, String> bucketEnv, Path scratch) {
        this.api = api;
        this.org = org;
        this.slug = slug;
        this.store = store;
        this.bucketEnv = Map.copyOf(bucketEnv);
        this.scratch = scratch;
    }

    private String bucket(String agentId) {
        return org + "/" + slug + "-" + agentId;
    }

    private Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>(bucketEnv);
        env.put("HF_TOKEN", token);
        return env;
    }

    @Override
    public void prepareBucket(String agentId, String user, String token) {
        try {
            Path handshake = scratch.resolve(agentId + "-handshake");
            Files.writeString(handshake, user + "\n");
            CollabProcess.run(env(token), "bucket", "--store", store, "create", bucket(agentId));
            CollabProcess.run(
                    env(token),
                    "bucket",
                    "--store",
                    store,
                    "cp",
                    handshake.toString(),
                    "hf://buckets/" + bucket(agentId) + "/.bucket-sync-handshake");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public JsonNode register(String agentId, String token, String model, String harness) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("agent_id", agentId);
        body.put("model", model);
        body.put("harness", harness);
        body.putArray("tools");
        return send("POST", "/v1/agents/register", token, body, 201);
    }

    @Override
    public JsonNode post(String agentId, String token, String channel, String text) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("agent_id", agentId);
        body.put("body", text);
        body.put("channel", channel);
        return send("POST", "/v1/messages", token, body, 201);
    }

    @Override
    public JsonNode inbox(String agentId, String token) {
        return send("GET", "/v1/inbox/" + agentId + "?expand=true", token, null, 200);
    }

    @Override
    public JsonNode createTaskforce(String name, String agentId, String token, String text) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("name", name);
        body.put("agent_id", agentId);
        body.put("body", text);
        return send("POST", "/v1/taskforces", token, body, 201);
    }

    @Override
    public JsonNode taskforce(String name) {
        return send("GET", "/v1/taskforces/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null, null, 200);
    }

    @Override
    public JsonNode submitResult(String agentId, String token, String path, String markdown) {
        try {
            Path file = scratch.resolve(agentId + "-result.md");
            Files.writeString(file, markdown);
            String target = "hf://buckets/" + bucket(agentId) + "/" + path;
            CollabProcess.run(env(token), "bucket", "--store", store, "cp", file.toString(), target);
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("source", target);
            return send("POST", "/v1/results", token, body, 201);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public JsonNode leaderboard() {
        return send("GET", "/v1/leaderboard", null, null, 200);
    }

    @Override
    public JsonNode agents() {
        return send("GET", "/v1/agents?expand=true", null, null, 200);
    }

    @Override
    public String agentReadme() {
        HttpResponse<String> r = exchange("GET", "/v1/agent-readme", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private JsonNode send(String method, String path, String token, JsonNode body, int expected) {
        HttpResponse<String> r = exchange(method, path, token, body);
        assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private HttpResponse<String> exchange(String method, String path, String token, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
