package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Creates bucket folders atomically and reads their {@code bucket.properties}. A bucket is assembled in a
 * staging folder next to its final place and renamed into place in one step: a rename onto an existing, non-empty
 * bucket folder fails, so exactly one of several racing creators (threads or processes) wins, and a crash leaves
 * either no bucket or a complete one.
 */
final class BucketMeta {
    private BucketMeta() {}

    /** Returns {@code true} when this call created the bucket, {@code false} when it already existed. */
    static boolean create(Path dir, BucketId id, Instant createdAt) throws IOException {
        if (FileBucket.holdsBucket(dir)) {
            return false;
        }
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        // Bucket names start with a letter or digit, so a dot-prefixed staging folder never collides with one.
        Path staging = parent.resolve(".creating-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            Files.createDirectory(staging.resolve("objects"));
            Files.createDirectory(staging.resolve("tmp"));
            String props = "id=" + id + "\ncreatedAt=" + createdAt + "\n";
            AtomicFiles.write(
                    staging.resolve("bucket.properties"),
                    staging.resolve("tmp"),
                    props.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(
                    staging.resolve("checkpoint.0"),
                    staging.resolve("tmp"),
                    Checkpoint.encode(new java.util.TreeMap<>(), java.util.Map.of()));
            AtomicFiles.write(staging.resolve("journal.0.log"), staging.resolve("tmp"), new byte[0]);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename folders atomically: " + parent, e);
            } catch (FileSystemException e) {
                if (FileBucket.holdsBucket(dir)) {
                    return false; // another creator won the race
                }
                throw e;
            }
            AtomicFiles.syncDirectory(parent);
            return true;
        } finally {
            deleteTree(staging);
        }
    }

    static BucketInfo read(Path dir, BucketId id) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(dir.resolve("bucket.properties"), StandardCharsets.UTF_8)));
        String created = p.getProperty("createdAt");
        return new BucketInfo(id, created == null ? Instant.EPOCH : Instant.parse(created), true);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
