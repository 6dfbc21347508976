package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.verify.PrettyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code job_status.json} of one run folder: the fields that stay the same for the run ({@code run_id},
 * {@code agent_id}, ...) plus, per write, a {@code status} ({@code scheduling}, {@code running}, {@code unknown},
 * {@code launch_failed} or a final word) and its details. The first write happens before the launch, so that the
 * read-write {@code /state} volume is never an empty folder at mount time. Thread safe.
 */
final class RunStatusFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunStatusFile.class);
    static final String NAME = "job_status.json";

    private final BucketStore store;
    private final BucketId bucket;
    private final String runPrefix;
    private final BucketPath path;
    private final Map<String, Object> fixed;

    /**
     * @param store the store
     * @param bucket the bucket of the run folder
     * @param runPrefix the run folder
     * @param fixed the fields every write carries, in order
     */
    RunStatusFile(BucketStore store, BucketId bucket, String runPrefix, Map<String, Object> fixed) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.runPrefix = Objects.requireNonNull(runPrefix, "runPrefix");
        this.path = BucketPath.of(runPrefix + "/" + NAME);
        this.fixed = new LinkedHashMap<>(fixed);
    }

    BucketId bucket() {
        return bucket;
    }

    String runPrefix() {
        return runPrefix;
    }

    /** A copy of the fields every write carries. */
    Map<String, Object> fields() {
        return new LinkedHashMap<>(fixed);
    }

    /** Writes the status or throws the store's failure. */
    void write(String status, Map<String, Object> details) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.putAll(fixed);
        doc.putAll(details);
        store.put(bucket, path, PrettyJson.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the status, logging a failure. */
    void writeBestEffort(String status, Map<String, Object> details) {
        try {
            write(status, details);
        } catch (RuntimeException e) {
            LOG.warn("could not write " + bucket + "/" + path, e);
        }
    }

    /**
     * Reads a run folder's status document.
     *
     * @return its fields, or empty when there is none
     * @throws RuntimeException when the store cannot be read or the document is not JSON: the caller cannot tell
     *     what the folder records
     */
    static Optional<JsonNode> read(BucketStore store, BucketId bucket, String runPrefix) {
        Optional<byte[]> bytes = store.read(bucket, BucketPath.of(runPrefix + "/" + NAME));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(bytes.get()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("unreadable " + bucket + "/" + runPrefix + "/" + NAME, e);
        }
    }
}
