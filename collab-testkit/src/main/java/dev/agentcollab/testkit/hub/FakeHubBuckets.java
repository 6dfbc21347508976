package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.testkit.hub.FakeHubState.Bucket;
import dev.agentcollab.testkit.hub.FakeHubState.StoredFile;
import dev.agentcollab.testkit.hub.FakeHubState.User;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The fake Hub's file routes: tree listing with Link pagination, paths-info, the NDJSON batch and resolve. */
final class FakeHubBuckets {
    private final FakeHubState state;
    private final InstantSource clock;
    private final Supplier<String> endpoint;
    private final IntSupplier pageSize;

    FakeHubBuckets(FakeHubState state, InstantSource clock, Supplier<String> endpoint, IntSupplier pageSize) {
        this.state = state;
        this.clock = clock;
        this.endpoint = endpoint;
        this.pageSize = pageSize;
    }

    void tree(FakeHubExchange ex, BucketId id, String prefix, Optional<User> user) throws IOException {
        Bucket b = readable(ex, id, user);
        if (b == null) {
            return;
        }
        Map<String, String> q = ex.query();
        boolean recursive = Boolean.parseBoolean(q.getOrDefault("recursive", "false"));
        String after = q.containsKey("cursor") ? cursor(q.get("cursor")) : null;
        if (q.containsKey("cursor") && after == null) {
            ex.error(400, null, "invalid cursor");
            return;
        }
        List<ObjectNode> items = new ArrayList<>();
        b.lock.readLock().lock();
        try {
            if (recursive) {
                b.files.tailMap(prefix, true).entrySet().stream()
                        .takeWhile(e -> e.getKey().startsWith(prefix))
                        .forEach(e -> items.add(fileJson(e.getKey(), e.getValue())));
            } else {
                String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
                TreeSet<String> dirs = new TreeSet<>();
                b.files.tailMap(folder, true).entrySet().stream()
                        .takeWhile(e -> e.getKey().startsWith(folder))
                        .forEach(e -> {
                            String rest = e.getKey().substring(folder.length());
                            int slash = rest.indexOf('/');
                            if (slash < 0) {
                                items.add(fileJson(e.getKey(), e.getValue()));
                            } else {
                                dirs.add(folder + rest.substring(0, slash));
                            }
                        });
                dirs.forEach(d -> items.add(FakeHubExchange.JSON
                        .createObjectNode()
                        .put("type", "directory")
                        .put("path", d)));
                items.sort((x, y) ->
                        x.path("path").asText().compareTo(y.path("path").asText()));
            }
        } finally {
            b.lock.readLock().unlock();
        }
        List<ObjectNode> page = items.stream()
                .filter(i -> after == null || i.path("path").asText().compareTo(after) > 0)
                .limit(pageSize.getAsInt() + 1L)
                .toList();
        ArrayNode out = FakeHubExchange.JSON.createArrayNode();
        page.stream().limit(pageSize.getAsInt()).forEach(out::add);
        if (page.size() > pageSize.getAsInt()) {
            String last = page.get(pageSize.getAsInt() - 1).path("path").asText();
            String next = endpoint.get() + ex.http.getRequestURI().getRawPath() + "?recursive=" + recursive + "&cursor="
                    + URLEncoder.encode(
                            Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.UTF_8);
            ex.http.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
        }
        ex.json(200, out);
    }

    void pathsInfo(FakeHubExchange ex, BucketId id, Optional<User> user) throws IOException {
        Bucket b = readable(ex, id, user);
        if (b == null) {
            return;
        }
        JsonNode body;
        try {
            body = ex.jsonBody();
        } catch (IOException e) {
            ex.error(400, null, "invalid JSON body");
            return;
        }
        ArrayNode out = FakeHubExchange.JSON.createArrayNode();
        for (JsonNode p : body.path("paths")) {
            StoredFile f = b.files.get(p.asText());
            if (f != null) {
                out.add(fileJson(p.asText(), f));
            }
        }
        ex.json(200, out);
    }

    void resolve(FakeHubExchange ex, BucketId id, String path, Optional<User> user) throws IOException {
        Bucket b = readable(ex, id, user);
        if (b == null) {
            return;
        }
        StoredFile f = b.files.get(path);
        if (f == null) {
            ex.error(404, "EntryNotFound", "Entry not found: " + path);
            return;
        }
        ex.http.getResponseHeaders().set("X-Xet-Hash", f.xetHash());
        ex.http
                .getResponseHeaders()
                .set(
                        "Link",
                        "<" + endpoint.get() + "/api/buckets/" + id + "/xet-read-token>; rel=\"xet-auth\", <"
                                + endpoint.get() + "/cas/v2/reconstructions/" + f.xetHash()
                                + ">; rel=\"xet-reconstruction-info\"");
        // Like the real Hub, answer with a redirect to the content store, which serves the bytes.
        ex.redirect(endpoint.get() + "/cas/blobs/" + f.xetHash());
    }

    /**
     * The batch as the Hub answers it: not transactional. Every line is parsed first (a line that is not an
     * operation rejects the whole call with 400); then, under the bucket's write lock, each operation is applied in
     * order or, when it cannot be, listed in {@code failed}. The answer is
     * {@code {"success","processed","succeeded","failed":[{"path","error"}]}}, 200 when nothing failed, else 422.
     */
    void batch(FakeHubExchange ex, BucketId id, Optional<User> user) throws IOException {
        if (user.isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        Bucket b = readable(ex, id, user);
        if (b == null) {
            return;
        }
        if (!FakeHubState.canWrite(user.get(), id.org())) {
            ex.error(403, null, "no write access to " + id);
            return;
        }
        List<JsonNode> ops = new ArrayList<>();
        String[] lines = new String(ex.body, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode op = FakeHubExchange.JSON.readTree(lines[i]);
                if (!op.isObject()
                        || !List.of("addFile", "copyFile", "deleteFile")
                                .contains(op.path("type").asText())) {
                    ex.error(400, null, "line " + (i + 1) + ": not a batch operation");
                    return;
                }
                ops.add(op);
            } catch (IOException e) {
                ex.error(400, null, "line " + (i + 1) + ": invalid JSON");
                return;
            }
        }
        Instant now = clock.instant();
        ArrayNode failed = FakeHubExchange.JSON.createArrayNode();
        b.lock.writeLock().lock();
        try {
            for (JsonNode op : ops) {
                String path = op.path("path").asText("");
                String problem = state.batchFailures.remove(path);
                if (problem == null) {
                    problem = applyOne(b, op, path, now, user);
                }
                if (problem != null) {
                    failed.addObject().put("path", path).put("error", problem);
                }
            }
        } finally {
            b.lock.writeLock().unlock();
        }
        ObjectNode out = FakeHubExchange.JSON.createObjectNode();
        out.put("success", failed.isEmpty()).put("processed", ops.size()).put("succeeded", ops.size() - failed.size());
        out.set("failed", failed);
        ex.json(failed.isEmpty() ? 200 : 422, out);
    }

    /** Applies one operation to the bucket (write lock held); answers why it cannot, or {@code null}. */
    private String applyOne(Bucket b, JsonNode op, String path, Instant now, Optional<User> user) {
        try {
            BucketPath.of(path);
        } catch (CollabException e) {
            return "invalid path '" + path + "': " + e.getMessage();
        }
        String hash = op.path("xetHash").asText("");
        switch (op.path("type").asText("")) {
            case "addFile" -> {
                byte[] bytes = state.content.get(hash);
                if (bytes == null) {
                    return "unknown xetHash '" + hash + "': upload the content first";
                }
                Instant mtime = op.path("mtime").isNumber()
                        ? Instant.ofEpochMilli(op.path("mtime").asLong())
                        : now;
                b.files.put(path, new StoredFile(hash, bytes.length, mtime, now));
            }
            case "copyFile" -> {
                if (!"bucket".equals(op.path("sourceRepoType").asText())) {
                    return "this fake copies from buckets only";
                }
                Bucket source;
                try {
                    source = state.buckets.get(
                            BucketId.parse(op.path("sourceRepoId").asText("")));
                } catch (CollabException e) {
                    return "invalid sourceRepoId";
                }
                if (source == null || !FakeHubState.canRead(user, source)) {
                    return "source bucket not found: " + op.path("sourceRepoId").asText();
                }
                boolean known =
                        source.files.values().stream().anyMatch(f -> f.xetHash().equals(hash));
                if (!known || !state.content.containsKey(hash)) {
                    return "no file with xetHash '" + hash + "' in " + source.id;
                }
                b.files.put(path, new StoredFile(hash, state.content.get(hash).length, now, now));
            }
            default -> b.files.remove(path);
        }
        return null;
    }

    private Bucket readable(FakeHubExchange ex, BucketId id, Optional<User> user) throws IOException {
        Bucket b = state.buckets.get(id);
        if (b == null || !FakeHubState.canRead(user, b)) {
            ex.error(404, "RepoNotFound", "Bucket not found: " + id);
            return null;
        }
        return b;
    }

    private static ObjectNode fileJson(String path, StoredFile f) {
        return FakeHubExchange.JSON
                .createObjectNode()
                .put("type", "file")
                .put("path", path)
                .put("size", f.size())
                .put("xetHash", f.xetHash())
                .put("mtime", f.mtime().toString())
                .put("uploadedAt", f.uploadedAt().toString());
    }

    private static String cursor(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
