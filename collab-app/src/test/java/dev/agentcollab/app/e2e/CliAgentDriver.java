package dev.agentcollab.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a collaboration with {@code collab agent} commands of the packaged jar, one process per step, as an agent
 * in a shell would: registration, posts, the inbox, taskforces and results. The rest (reading the leaderboard,
 * the agent list, a taskforce, the agent README, and preparing buckets with {@code collab bucket}) goes through
 * {@link HttpAgentDriver}.
 */
final class CliAgentDriver implements AgentDriver {
    private final URI api;
    private final String store;
    private final Map<String, String> env;
    private final Path scratch;
    private final HttpAgentDriver http;

    /**
     * @param api the server
     * @param org the org
     * @param slug the slug
     * @param store the bucket store URI ({@code --buckets} of {@code collab agent}, {@code --store} of {@code collab
     *     bucket})
     * @param env extra environment of the commands (e.g. {@code HF_ENDPOINT})
     * @param scratch a folder for local files
     */
    CliAgentDriver(URI api, String org, String slug, String store, Map<String, String> env, Path scratch) {
        this.api = api;
        this.store = store;
        this.env = Map.copyOf(env);
        this.scratch = scratch;
        this.http = new HttpAgentDriver(api, org, slug, store, env, scratch);
    }

    private JsonNode agent(String agentId, String token, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("COLLAB_URL", api.toString());
        e.put("COLLAB_TOKEN", token);
        e.put("COLLAB_AGENT", agentId);
        e.put("COLLAB_BUCKETS", store);
        e.put("COLLAB_PROFILE", scratch.resolve("no-profile.properties").toString());
        List<String> cmd = new ArrayList<>(List.of("agent", "--json"));
        cmd.addAll(List.of(args));
        String out = CollabProcess.run(e, cmd.toArray(String[]::new));
        int start = out.indexOf('{');
        if (start < 0) {
            throw new AssertionError("collab " + cmd + " printed no JSON:\n" + out);
        }
        try {
            return Json.mapper().readTree(out.substring(start));
        } catch (IOException ex) {
            throw new AssertionError("collab " + cmd + ":\n" + out, ex);
        }
    }

    @Override
    public void prepareBucket(String agentId, String user, String token) {
        http.prepareBucket(agentId, user, token);
    }

    @Override
    public JsonNode register(String agentId, String token, String model, String harness) {
        return agent(agentId, token, "register", "--model", model, "--harness", harness);
    }

    @Override
    public JsonNode post(String agentId, String token, String channel, String body) {
        return agent(agentId, token, "post", "--channel", channel, body);
    }

    @Override
    public JsonNode inbox(String agentId, String token) {
        return agent(agentId, token, "inbox");
    }

    @Override
    public JsonNode createTaskforce(String name, String agentId, String token, String body) {
        return agent(agentId, token, "taskforce", "create", name, "--body", body);
    }

    @Override
    public JsonNode taskforce(String name) {
        return http.taskforce(name);
    }

    @Override
    public JsonNode submitResult(String agentId, String token, String path, String markdown) {
        try {
            Path file = scratch.resolve(agentId + "-result.md");
            Files.writeString(file, markdown);
            return agent(agentId, token, "result", "submit", "--file", file.toString(), "--as", path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public JsonNode leaderboard() {
        return http.leaderboard();
    }

    @Override
    public JsonNode agents() {
        return http.agents();
    }

    @Override
    public String agentReadme() {
        return http.agentReadme();
    }
}
