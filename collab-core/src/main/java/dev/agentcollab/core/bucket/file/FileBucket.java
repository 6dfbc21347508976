package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.spi.ContentHashes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The on-disk layout of one bucket and its low-level operations:
 *
 * <pre>
 * {root}/{org}/{name}/
 *   bucket.properties   creation time (written once, before the folder becomes visible)
 *   manifest            the committed state ({@link Manifest}), only ever replaced by an atomic rename
 *   lock                the writer lock file ({@link BucketLock})
 *   objects/ab/ab12...  file contents, named by SHA-256, written once by temp file + rename
 *   tmp/                temporary files; anything here is garbage after a crash
 * </pre>
 *
 * A batch writes its new objects, then renames a new manifest over the old one: that rename is the commit point,
 * so after a crash a reader sees all of a batch or none of it. Objects no longer named by the manifest are
 * removed after the commit, and by {@link #sweep()} under the lock when a store opens the bucket after a crash.
 */
final class FileBucket {
    final Path dir;

    private volatile Cached cached;

    FileBucket(Path dir) {
        this.dir = dir;
    }

    private record Cached(Object fileKey, FileTime modified, long size, Manifest manifest) {}

    Path manifestFile() {
        return dir.resolve("manifest");
    }

    Path lockFile() {
        return dir.resolve("lock");
    }

    Path tmpDir() {
        return dir.resolve("tmp");
    }

    Path object(String hash) {
        return dir.resolve("objects").resolve(hash.substring(0, 2)).resolve(hash);
    }

    boolean exists() {
        return Files.isRegularFile(manifestFile());
    }

    /** The committed manifest as stored now, always read from disk (writers use this under the lock). */
    Manifest freshManifest() throws IOException {
        return Manifest.decode(
                Files.readAllBytes(manifestFile()), manifestFile().toString());
    }

    /**
     * The committed manifest, re-read only when the manifest file changed (another inode, size or
     * nanosecond modification time: every commit renames a new file into place).
     */
    Manifest manifest() throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(manifestFile(), BasicFileAttributes.class);
        Cached c = cached;
        if (c != null
                && Objects.equals(c.fileKey, attrs.fileKey())
                && c.fileKey != null
                && c.modified.equals(attrs.lastModifiedTime())
                && c.size == attrs.size()) {
            return c.manifest;
        }
        Manifest m = Manifest.decode(
                Files.readAllBytes(manifestFile()), manifestFile().toString());
        cached = new Cached(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size(), m);
        return m;
    }

    /** Reads an object, or throws {@link NoSuchFileException} when a concurrent commit removed it. */
    byte[] readObject(String hash) throws IOException {
        return Files.readAllBytes(object(hash));
    }

    /** Stores content under its hash unless already present; returns the hash. */
    String writeObject(byte[] bytes) throws IOException {
        String hash = ContentHashes.sha256(bytes);
        Path target = object(hash);
        if (!Files.isRegularFile(target)) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, tmpDir(), bytes);
        }
        return hash;
    }

    void commit(Manifest next) throws IOException {
        AtomicFiles.write(manifestFile(), tmpDir(), next.encode());
    }

    /** Deletes objects that {@code live} no longer names. Call under the lock, after the commit. */
    void deleteUnreferenced(Set<String> candidates, Manifest live) throws IOException {
        Set<String> referenced = new HashSet<>();
        live.entries().values().forEach(e -> referenced.add(e.hash()));
        for (String hash : candidates) {
            if (!referenced.contains(hash)) {
                Files.deleteIfExists(object(hash));
            }
        }
    }

    /** Crash recovery, under the lock: removes temporary files and objects that the manifest does not name. */
    void sweep() throws IOException {
        if (Files.isDirectory(tmpDir())) {
            try (DirectoryStream<Path> tmp = Files.newDirectoryStream(tmpDir())) {
                for (Path p : tmp) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Path objects = dir.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return;
        }
        Set<String> orphans = new HashSet<>();
        try (Stream<Path> all = Files.walk(objects, 2)) {
            all.filter(Files::isRegularFile)
                    .forEach(p -> orphans.add(p.getFileName().toString()));
        }
        deleteUnreferenced(orphans, freshManifest());
    }
}
