package dev.agentcollab.app.bucket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A backup's {@code backup.json}: what every file of every bucket in it should hold (size and SHA-256). It is
 * written last, so a backup folder without it is incomplete.
 *
 * @param version the format version ({@link #VERSION})
 * @param created when the backup was started
 * @param buckets the buckets, each in the folder {@code <org>/<name>} beside the manifest
 */
record BackupManifest(int version, Instant created, List<Bucket> buckets) {
    /** The manifest's file name in a backup folder. */
    static final String FILE = "backup.json";

    /** The format this version writes and reads. */
    static final int VERSION = 1;

    private static final String FORMAT = "collab-backup";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    BackupManifest {
        Objects.requireNonNull(created, "created");
        buckets = List.copyOf(buckets);
        Set<BucketId> seen = new HashSet<>();
        for (Bucket b : buckets) {
            if (!seen.add(b.bucket())) {
                throw new IllegalArgumentException("bucket listed twice: " + b.bucket());
            }
        }
    }

    /**
     * One bucket's files.
     *
     * @param bucket the bucket
     * @param files its files, by path
     */
    record Bucket(BucketId bucket, List<File> files) {
        Bucket {
            Objects.requireNonNull(bucket, "bucket");
            files = List.copyOf(files);
        }
    }

    /**
     * One file as it was copied out.
     *
     * @param path its path in the bucket
     * @param size its size in bytes
     * @param sha256 the SHA-256 of its content, lower-case hex
     */
    record File(BucketPath path, long size, String sha256) {
        File {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("negative size: " + size);
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
            }
        }
    }

    /** The manifest as JSON text. */
    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("created", created.toString());
        ArrayNode list = root.putArray("buckets");
        for (Bucket b : buckets) {
            ObjectNode node = list.addObject();
            node.put("bucket", b.bucket().toString());
            ArrayNode files = node.putArray("files");
            for (File f : b.files()) {
                files.addObject()
                        .put("path", f.path().value())
                        .put("size", f.size())
                        .put("sha256", f.sha256());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @param text the file's content
     * @return the manifest
     * @throws CollabException {@code INVALID_REQUEST} when it is not a backup manifest of a version this one reads
     */
    static BackupManifest parse(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !FORMAT.equals(root.path("format").asText(null))) {
                throw bad("it is not a collab backup manifest (no \"format\": \"" + FORMAT + "\")");
            }
            int version = root.path("version").asInt(-1);
            if (version != VERSION) {
                throw bad("its format version is " + root.path("version") + "; this version of collab reads " + VERSION
                        + " (restore it with the version that made it)");
            }
            List<Bucket> buckets = new ArrayList<>();
            for (JsonNode b : root.path("buckets")) {
                List<File> files = new ArrayList<>();
                for (JsonNode f : b.path("files")) {
                    files.add(new File(
                            BucketPath.of(f.path("path").asText("")),
                            f.path("size").asLong(-1),
                            f.path("sha256").asText("")));
                }
                buckets.add(new Bucket(BucketId.parse(b.path("bucket").asText("")), files));
            }
            return new BackupManifest(
                    version, Instant.parse(root.path("created").asText("")), buckets);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw bad("it cannot be read: " + e.getMessage());
        } catch (CollabException e) {
            if (e.code() == ErrorCode.INVALID_REQUEST) {
                throw e;
            }
            throw bad("it cannot be read: " + e.getMessage());
        }
    }

    private static CollabException bad(String why) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, FILE + " is not usable: " + why);
    }
}
