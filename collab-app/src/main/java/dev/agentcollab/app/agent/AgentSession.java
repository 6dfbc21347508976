package dev.agentcollab.app.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.core.bucket.BucketFolders;
import dev.agentcollab.core.http.ClientConfig;
import dev.agentcollab.core.http.CollabClient;
import dev.agentcollab.core.http.RetryListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one invocation of {@code collab agent} (flag, else environment, else profile) and what they open:
 * the HTTP client, the bucket store of the agent's scratch bucket and the server's self-description. Not thread
 * safe; closed when the command ends.
 */
final class AgentSession implements AutoCloseable {
    private final AgentCommand flags;
    private final Map<String, String> env;
    private Profile profile;
    private CollabClient client;
    private BucketStore store;
    private JsonNode discovery;
    private RetryListener retries = RetryListener.NONE;

    AgentSession(AgentCommand flags, Map<String, String> env) {
        this.flags = flags;
        this.env = env;
    }

    /** The profile in use (loaded once); a {@code --profile} file that does not exist is a usage error. */
    Profile profile() {
        return profile(false);
    }

    /**
     * The profile in use (loaded once).
     *
     * @param toWrite whether the caller is about to write it ({@code register --save}): then a {@code --profile}
     *     file that does not exist yet is an empty profile, created by the write
     * @return the profile
     */
    Profile profile(boolean toWrite) {
        if (profile == null) {
            Path path = flags.profile != null ? flags.profile : Profile.defaultPath(env);
            if (flags.profile != null && !toWrite && !Files.exists(path)) {
                throw new UsageException("profile " + path + " does not exist");
            }
            profile = Profile.load(path);
            for (String key : profile.values().keySet()) {
                if (!Profile.KEYS.contains(key)) {
                    throw new UsageException("unknown key '" + key + "' in profile " + path + " (allowed: "
                            + String.join(", ", Profile.KEYS) + ")");
                }
            }
        }
        return profile;
    }

    private Optional<String> setting(String flag, String envName, String key) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag.strip());
        }
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        return profile().get(key);
    }

    /** Where {@code inbox --new} keeps its cursors. */
    InboxCursors inboxCursors() {
        return InboxCursors.of(env);
    }

    /** The server root. */
    String url() {
        String url = setting(flags.url, "COLLAB_URL", "url")
                .orElseThrow(() -> new UsageException("no server URL: pass --url, set COLLAB_URL or add url= to "
                        + profile().path()));
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("server URL must be http(s)://host[:port], but was '" + url + "'");
        }
        String root = url.replaceAll("/+$", "");
        if (root.endsWith("/v1")) {
            // the API's own prefix: every route would become /v1/v1/... and answer ROUTE_NOT_FOUND
            throw new UsageException("server URL is the server's root, without /v1: use '"
                    + root.substring(0, root.length() - "/v1".length()) + "' instead of '" + url + "'");
        }
        return url;
    }

    /** The bearer token, if any. */
    Optional<String> token() {
        return setting(flags.token, "COLLAB_TOKEN", "token");
    }

    /** The agent id to act as. */
    String agent() {
        return setting(flags.agent, "COLLAB_AGENT", "agent")
                .orElseThrow(() -> new UsageException("no agent id: pass --agent, set COLLAB_AGENT or add agent= to "
                        + profile().path()));
    }

    /** The bucket store URI, if configured. */
    Optional<String> bucketsUri() {
        return setting(flags.buckets, "COLLAB_BUCKETS", "buckets");
    }

    /** Whether output is JSON. */
    boolean json() {
        return flags.json;
    }

    /** The most {@code --max-wait} may ask for: a day (a larger one overflowed the client's delay in milliseconds). */
    static final long MAX_WAIT_SECONDS = 86_400;

    /** The longest total wait to retry ({@code --max-wait}, zero with {@code --no-wait}). */
    Duration maxWait() {
        if (flags.maxWait < 0 || flags.maxWait > MAX_WAIT_SECONDS) {
            throw new UsageException(
                    "--max-wait must be 0 to " + MAX_WAIT_SECONDS + " seconds (a day), but was " + flags.maxWait);
        }
        return flags.noWait ? Duration.ZERO : Duration.ofSeconds(flags.maxWait);
    }

    /**
     * Sets who is told before the client waits to retry; call before the first {@link #client()}.
     *
     * @param listener the listener
     */
    void retries(RetryListener listener) {
        retries = listener;
    }

    /** The HTTP client (opened once). */
    CollabClient client() {
        if (client == null) {
            ClientConfig.Builder b = ClientConfig.custom(URI.create(url()));
            token().ifPresent(b::token);
            b.retryListener(retries);
            // a Retry-After beyond the library's own cap is still waited when --max-wait allows it
            b.maxRetryDelay(Duration.ofSeconds(Math.max(60, maxWait().toSeconds())));
            client = CollabClient.create(b.build());
        }
        return client;
    }

    /** The server's {@code GET /v1} (fetched once). */
    JsonNode discovery() {
        if (discovery == null) {
            discovery = client().discovery();
        }
        return discovery;
    }

    /** The organisation of the collaboration. */
    String org() {
        return discovery().path("org").asText();
    }

    /** The collaboration slug. */
    String slug() {
        return discovery().path("collab").asText();
    }

    /** The scratch bucket of the agent. */
    BucketId agentBucket() {
        return new BucketId(org(), slug() + "-" + agent());
    }

    /**
     * The source URI of a file in the agent's scratch bucket, as the server expects it.
     *
     * @param path the path inside the bucket
     * @return {@code hf://buckets/<org>/<slug>-<agent>/<path>}
     */
    String sourceUri(String path) {
        return "hf://buckets/" + agentBucket() + (path.isEmpty() ? "" : "/" + path);
    }

    /** The bucket store, if {@code --buckets} (or its env/profile) is set. */
    Optional<BucketStore> store() {
        if (store == null) {
            Optional<String> uri = bucketsUri();
            if (uri.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> settings = new HashMap<>();
            if (uri.get().toLowerCase(Locale.ROOT).startsWith("hf:")) {
                token().ifPresent(t -> settings.put("token", t));
                Optional.ofNullable(env.get("HF_ENDPOINT"))
                        .filter(e -> !e.isBlank())
                        .ifPresent(e -> settings.put("endpoint", e.strip()));
            }
            try {
                store = BucketStores.open(uri.get(), settings);
            } catch (IllegalArgumentException e) {
                throw new UsageException("cannot open bucket store '" + uri.get() + "': " + e.getMessage());
            }
        }
        return Optional.of(store);
    }

    /**
     * The bucket store, required for an operation.
     *
     * @param why what needs it, for the message
     * @return the store
     */
    BucketStore requireStore(String why) {
        return store().orElseThrow(() -> new UsageException(why
                + " needs your bucket store: pass --buckets file:///path or --buckets hf://buckets (or set"
                + " COLLAB_BUCKETS)"));
    }

    /**
     * Uploads a local file to the agent's scratch bucket.
     *
     * @param local the file
     * @param path the path in the bucket
     * @return the source URI of the uploaded file
     */
    String uploadFile(Path local, String path) {
        byte[] bytes = readLocal(local);
        requireStore("uploading " + local).put(agentBucket(), BucketPath.of(path), bytes);
        return sourceUri(path);
    }

    /**
     * Uploads a local folder to the agent's scratch bucket.
     *
     * @param dir the folder
     * @param prefix the prefix in the bucket
     * @return the source URI of the prefix
     */
    String uploadDir(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a folder");
        }
        BucketStore s = requireStore("uploading " + dir);
        try {
            BucketFolders.upload(s, agentBucket(), prefix, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return sourceUri(prefix);
    }

    /**
     * Reads a local file named on the command line.
     *
     * @param local the file
     * @return its bytes
     */
    static byte[] readLocal(Path local) {
        if (!Files.isRegularFile(local)) {
            throw new UsageException("no such file: " + local);
        }
        try {
            return Files.readAllBytes(local);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + local, e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
