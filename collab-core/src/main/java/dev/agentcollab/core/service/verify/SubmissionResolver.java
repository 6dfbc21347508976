package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the runnable submission behind a result (reference §8). Candidates come from the frontmatter keys
 * {@code artifacts} and {@code submission} (a string or a list): an {@code hf://buckets/...} URI names that bucket
 * and folder; {@code artifacts/...} is in the central bucket; any other relative path is in the owner's scratch
 * bucket. A folder holding {@code run_request.json} ({@code submission_bucket}, {@code submission_prefix}) or
 * {@code job_status.json} ({@code submission_prefix}) is a run folder and is followed to its submission; otherwise
 * any non-empty folder is the submission. Thread safe.
 */
public final class SubmissionResolver {
    /**
     * A submission location.
     *
     * @param bucket the bucket
     * @param prefix the folder, no leading or trailing slash
     */
    public record Location(BucketId bucket, String prefix) {
        /** Checks for nulls. */
        public Location {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    private final BucketStore store;
    private final BucketId central;
    private final Function<String, BucketId> scratchOf;

    /**
     * Creates the resolver.
     *
     * @param store the store
     * @param central the central bucket (holds {@code artifacts/})
     * @param scratchOf an agent's scratch bucket
     */
    public SubmissionResolver(BucketStore store, BucketId central, Function<String, BucketId> scratchOf) {
        this.store = store;
        this.central = central;
        this.scratchOf = scratchOf;
    }

    /**
     * Finds the runnable submission behind a result.
     *
     * @param fm the result's frontmatter
     * @param owner the result's author
     * @return the submission, or empty when no candidate holds files
     */
    public Optional<Location> resolve(Map<String, Object> fm, String owner) {
        for (Location candidate : candidates(fm, owner)) {
            Optional<Location> pointed = pointer(candidate);
            if (pointed.isPresent()) {
                if (nonEmpty(pointed.get())) {
                    return pointed;
                }
                continue; // an explicit pointer to nothing is not a submission
            }
            if (nonEmpty(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private List<Location> candidates(Map<String, Object> fm, String owner) {
        List<String> values = new ArrayList<>();
        for (String key : List.of("artifacts", "submission")) {
            Object v = fm.get(key);
            if (v instanceof String s) {
                values.add(s);
            } else if (v instanceof List<?> list) {
                list.forEach(x -> values.add(String.valueOf(x)));
            }
        }
        List<Location> out = new ArrayList<>();
        for (String value : values) {
            parse(value, owner).filter(l -> !out.contains(l)).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Location> parse(String raw, String owner) {
        String value = raw.strip().replaceAll("^`+|`+$", "").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (value.startsWith("hf://")) {
                BucketUri uri = BucketUri.parse(value);
                return Optional.of(new Location(
                        uri.bucket(), strip(uri.path().map(BucketPath::value).orElse(""))));
            }
            String rel = strip(value);
            if (rel.isEmpty()) {
                return Optional.empty();
            }
            BucketPath.of(rel); // rejects '..' and friends
            return Optional.of(new Location(rel.startsWith("artifacts/") ? central : scratchOf.apply(owner), rel));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Location> pointer(Location loc) {
        Optional<JsonNode> request = json(loc, "run_request.json");
        if (request.isPresent()
                && !request.get().path("submission_prefix").asText("").isBlank()) {
            String bucket = request.get().path("submission_bucket").asText("");
            try {
                BucketId id = bucket.isBlank() ? loc.bucket() : BucketId.parse(bucket);
                return Optional.of(new Location(
                        id, strip(request.get().path("submission_prefix").asText())));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        Optional<JsonNode> status = json(loc, "job_status.json");
        if (status.isPresent()
                && !status.get().path("submission_prefix").asText("").isBlank()) {
            return Optional.of(new Location(
                    loc.bucket(), strip(status.get().path("submission_prefix").asText())));
        }
        return Optional.empty();
    }

    private Optional<JsonNode> json(Location loc, String name) {
        try {
            String path = loc.prefix().isEmpty() ? name : loc.prefix() + "/" + name;
            return store.read(loc.bucket(), BucketPath.of(path)).map(bytes -> {
                try {
                    JsonNode node = Json.mapper().readTree(bytes);
                    return node != null && node.isObject() ? node : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean nonEmpty(Location loc) {
        try {
            String prefix = loc.prefix().isEmpty() ? "" : loc.prefix() + "/";
            return store.hasAny(loc.bucket(), prefix);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String strip(String s) {
        return s.replaceAll("^/+|/+$", "");
    }
}
