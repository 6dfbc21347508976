package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a run request the way the Hub's clients shape it, and builds the {@code JobInfo} answer. */
final class FakeHubJobSpecs {
    private static final Set<String> VOLUME_TYPES = Set.of("bucket", "model", "dataset", "space");
    private static final Set<String> VOLUME_KEYS =
            Set.of("type", "source", "mountPath", "readOnly", "path", "revision");

    private FakeHubJobSpecs() {}

    static Optional<String> validate(JsonNode body, Set<String> known, List<String> flavors, Pattern label) {
        if (!body.isObject()) {
            return Optional.of("the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                return Optional.of("unknown key '" + key + "'");
            }
        }
        boolean docker = body.hasNonNull("dockerImage");
        boolean space = body.hasNonNull("spaceId");
        if (docker == space) {
            return Optional.of("exactly one of dockerImage or spaceId is required");
        }
        if (space && !body.path("spaceId").asText().matches("[^/\\s]+/[^/\\s]+")) {
            return Optional.of("spaceId must be owner/name, but was '"
                    + body.path("spaceId").asText() + "'");
        }
        if (!stringArray(body.path("command")) || body.path("command").isEmpty()) {
            return Optional.of("command must be a non-empty array of strings");
        }
        if (body.has("arguments") && !stringArray(body.path("arguments"))) {
            return Optional.of("arguments must be an array of strings");
        }
        for (String map : List.of("environment", "secrets")) {
            if (body.has(map) && !stringMap(body.path(map))) {
                return Optional.of(map + " must be an object of strings");
            }
        }
        if (!flavors.contains(body.path("flavor").asText(""))) {
            return Optional.of("flavor '" + body.path("flavor").asText("") + "' is not one of " + flavors);
        }
        if (body.has("timeoutSeconds")
                && (!body.path("timeoutSeconds").canConvertToLong()
                        || body.path("timeoutSeconds").asLong() <= 0)) {
            return Optional.of("timeoutSeconds must be a positive integer");
        }
        if (body.has("labels")) {
            if (!stringMap(body.path("labels"))) {
                return Optional.of("labels must be an object of strings");
            }
            for (Map.Entry<String, JsonNode> e : body.path("labels").properties()) {
                if (!label.matcher(e.getKey()).matches()
                        || !label.matcher(e.getValue().asText()).matches()) {
                    return Optional.of("label " + e.getKey() + "="
                            + e.getValue().asText() + ": keys and values are 1-100 alphanumerics, '.', '-' or '_'");
                }
            }
        }
        if (body.has("volumes")) {
            if (!body.path("volumes").isArray()) {
                return Optional.of("volumes must be an array");
            }
            for (JsonNode v : body.path("volumes")) {
                Optional<String> bad = volume(v);
                if (bad.isPresent()) {
                    return bad;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> volume(JsonNode v) {
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!VOLUME_KEYS.contains(key)) {
                return Optional.of("unknown volume key '" + key + "'");
            }
        }
        String type = v.path("type").asText("");
        if (!VOLUME_TYPES.contains(type)) {
            return Optional.of("volume type must be one of " + VOLUME_TYPES + ", but was '" + type + "'");
        }
        if (!v.path("source").asText("").matches("[^/\\s]+/[^/\\s]+")) {
            return Optional.of("volume source must be owner/name");
        }
        String mount = v.path("mountPath").asText("");
        if (!mount.startsWith("/") || mount.length() < 2) {
            return Optional.of("volume mountPath must be an absolute path");
        }
        if (v.has("readOnly") && !v.path("readOnly").isBoolean()) {
            return Optional.of("volume readOnly must be a boolean");
        }
        if (!type.equals("bucket") && v.has("readOnly") && !v.path("readOnly").asBoolean()) {
            return Optional.of("repositories are mounted read-only");
        }
        return Optional.empty();
    }

    private static boolean stringArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean stringMap(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** A {@code JobInfo} for a fresh job, in the shape huggingface_hub and huggingface.js read. */
    static ObjectNode info(String id, String ns, String user, JsonNode body, Instant now) {
        ObjectNode job = FakeHubExchange.JSON.createObjectNode();
        job.put("type", "job").put("id", id).put("createdAt", now.toString());
        if (body.hasNonNull("dockerImage")) {
            job.put("dockerImage", body.path("dockerImage").asText());
        } else {
            job.put("spaceId", body.path("spaceId").asText());
        }
        job.set("command", body.path("command").deepCopy());
        job.set("arguments", body.has("arguments") ? body.path("arguments").deepCopy() : job.arrayNode());
        job.set(
                "environment",
                body.has("environment") ? body.path("environment").deepCopy() : job.objectNode());
        ArrayNode secrets = job.putArray("secrets");
        body.path("secrets").fieldNames().forEachRemaining(secrets::add);
        job.put("flavor", body.path("flavor").asText());
        if (body.has("timeoutSeconds")) {
            job.put("timeoutSeconds", body.path("timeoutSeconds").asLong());
        }
        job.set("labels", body.has("labels") ? body.path("labels").deepCopy() : job.objectNode());
        if (body.has("volumes")) {
            job.set("volumes", body.path("volumes").deepCopy());
        }
        job.putObject("status").put("stage", "SCHEDULING").putNull("message");
        String ownerId = Integer.toHexString(ns.hashCode());
        job.putObject("owner").put("id", ownerId).put("name", ns).put("type", ns.equals(user) ? "user" : "org");
        job.putObject("initiator")
                .put("type", "user")
                .put("id", Integer.toHexString(user.hashCode()))
                .put("name", user);
        job.putObject("createdBy")
                .put("id", Integer.toHexString(user.hashCode()))
                .put("name", user);
        return job;
    }
}
