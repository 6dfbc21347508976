package dev.agentcollab.core.bucket.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe file writes: write a temporary file in the same folder tree, force it to disk, rename it over the
 * target atomically, then force the folder so the rename itself survives a power loss. A reader sees either the
 * old or the new file, never a torn one, and a killed writer leaves at most a temporary file behind.
 */
final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Atomically replaces (or creates) {@code target} with {@code bytes}.
     *
     * @param target the final file
     * @param tmpDir a folder on the same file system for the temporary file
     * @param bytes the content
     */
    static void write(Path target, Path tmpDir, byte[] bytes) throws IOException {
        Path tmp = tmpDir.resolve("tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(target.getParent());
    }

    /**
     * Renames atomically, replacing the target.
     *
     * @param from the source
     * @param to the target
     */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically: " + to.getParent(), e);
        }
    }

    /**
     * Forces a folder's entries (renames, creations) to disk. A no-op where the platform cannot open folders
     * (Windows), whose renames are already durable through the journal of NTFS.
     *
     * @param dir the folder
     */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Platforms that cannot fsync a directory: nothing more we can do.
        }
    }
}
