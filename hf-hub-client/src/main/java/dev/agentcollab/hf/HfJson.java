package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.buckets.HfBatchOp;
import dev.agentcollab.hf.buckets.HfBatchResult;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfBucketInfo;
import dev.agentcollab.hf.identity.HfOrgMember;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Wire encoding of the Hub's bucket JSON, link headers and URL paths. Stateless. */
final class HfJson {
    /** The mapper for the Hub's JSON (tree model only; thread safe once built). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    private HfJson() {}

    static HfBucketInfo bucketInfo(HfBucketId fallback, JsonNode n) {
        HfBucketId id = n.path("id").isTextual() ? HfBucketId.parse(n.path("id").asText()) : fallback;
        Instant created = instant(n.path("createdAt")).orElse(Instant.EPOCH);
        return new HfBucketInfo(
                id,
                n.path("private").asBoolean(false),
                created,
                n.path("size").asLong(0),
                n.path("totalFiles").asLong(0));
    }

    static HfBucketFile file(JsonNode n) {
        String path = n.path("path").asText("");
        String hash = n.path("xetHash").asText("");
        if (path.isEmpty() || hash.isEmpty()) {
            throw HfHubException.invalidResponse(
                    Resource.BUCKET, "the Hub listed a file without path or xetHash: " + n, null);
        }
        return new HfBucketFile(
                path, n.path("size").asLong(0), hash, instant(n.path("mtime")), instant(n.path("uploadedAt")));
    }

    static Optional<HfOrgMember> member(JsonNode n) {
        String user = n.path("user").asText("");
        if (user.isBlank()) {
            return Optional.empty();
        }
        String role = n.path("role").asText("");
        return Optional.of(new HfOrgMember(user, role.isBlank() ? Optional.empty() : Optional.of(role)));
    }

    static XetWriteToken xetToken(JsonNode n) {
        String token = n.path("accessToken").asText("");
        String cas = n.path("casUrl").asText("");
        if (token.isEmpty() || cas.isEmpty()) {
            throw HfHubException.invalidResponse(Resource.BUCKET, "the Hub sent an incomplete Xet token", null);
        }
        return new XetWriteToken(
                token, URI.create(cas), Instant.ofEpochSecond(n.path("exp").asLong(0)));
    }

    static ObjectNode batchLine(HfBatchOp op) {
        ObjectNode line = MAPPER.createObjectNode();
        switch (op) {
            case HfBatchOp.AddFile a -> {
                line.put("type", "addFile")
                        .put("path", a.path())
                        .put("xetHash", a.xetHash())
                        .put("mtime", a.mtimeMillis());
                a.contentType().ifPresent(t -> line.put("contentType", t));
            }
            case HfBatchOp.CopyFile c ->
                line.put("type", "copyFile")
                        .put("path", c.path())
                        .put("xetHash", c.xetHash())
                        .put("sourceRepoType", c.sourceRepoType())
                        .put("sourceRepoId", c.sourceRepoId());
            case HfBatchOp.DeleteFile d -> line.put("type", "deleteFile").put("path", d.path());
        }
        return line;
    }

    /**
     * Reads a batch answer; {@code null} when the body does not have the batch shape (an error of another kind).
     */
    static HfBatchResult batchResult(JsonNode n, int operations) {
        if (!n.isObject() || !(n.has("failed") || n.has("success") || n.has("processed"))) {
            return null;
        }
        List<HfBatchResult.Failure> failed = new java.util.ArrayList<>();
        for (JsonNode f : n.path("failed")) {
            String error = f.path("error").isTextual()
                    ? f.path("error").asText()
                    : f.path("error").toString();
            failed.add(new HfBatchResult.Failure(f.path("path").asText(""), error));
        }
        int processed = n.path("processed").asInt(operations);
        return new HfBatchResult(processed, n.path("succeeded").asInt(processed - failed.size()), failed);
    }

    /** The target of the first {@code rel="next"} link, as {@code requests}' {@code response.links} finds it. */
    static Optional<String> nextLink(List<String> linkHeaders) {
        for (String header : linkHeaders) {
            Matcher m = LINK.matcher(header);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The target of the first {@code Link} entry with the given {@code rel}, across all {@code Link} headers. */
    static Optional<String> link(List<String> linkHeaders, String rel) {
        Pattern p = Pattern.compile("<([^>]*)>\\s*;[^,<]*rel=\"?" + Pattern.quote(rel) + "\"?");
        for (String header : linkHeaders) {
            Matcher m = p.matcher(header);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Percent-encodes every byte except RFC 3986 unreserved characters (Python's {@code quote(s, safe="")}). */
    static String encodeAll(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static Optional<Instant> instant(JsonNode n) {
        if (n.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(n.asLong()));
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(n.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
