package dev.agentcollab.app.serve;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The claim of one {@code collab serve} on the local files only it may write: an exclusive OS lock on each of
 * a few lock files (beside the central bucket's folder on {@code file:} buckets, beside the index snapshot), held
 * until {@link #close()} and released by the OS when the process dies, so a crashed server never blocks its
 * restart. A second server over the same files fails to start, before it recovers or writes anything, with an
 * error naming the first one (each lock file holds a line saying which process holds it).
 *
 * <p>Two servers of one collaboration would each take the other's half-finished writes for a crash to recover,
 * overwrite each other's snapshots and keep separate rate limits and duplicate checks. OS file locks see only
 * processes that share the files; servers on other machines are seen through the {@link ServeClaim}.
 */
final class ServeLock implements AutoCloseable {
    private final List<Held> held;

    private ServeLock(List<Held> held) {
        this.held = held;
    }

    private record Held(Path file, FileChannel channel, FileLock lock) {}

    /**
     * Locks every file, or none.
     *
     * @param files the lock files (created with their folders when missing)
     * @param what what the files guard, for the error (e.g. {@code "the central bucket acme/speed-main-bucket"})
     * @param holder the line written into each file while it is held (which process, since when)
     * @return the held locks
     * @throws CollabException {@link ErrorCode#CONFLICT} when another process (or another server of this JVM)
     *     holds one of them, naming it
     * @throws UncheckedIOException when a lock file cannot be created
     */
    static ServeLock acquire(List<Path> files, String what, String holder) {
        List<Held> held = new ArrayList<>();
        try {
            for (Path file : files) {
                held.add(lock(file.toAbsolutePath().normalize(), what));
            }
        } catch (RuntimeException e) {
            new ServeLock(held).close();
            throw e;
        }
        ServeLock lock = new ServeLock(List.copyOf(held));
        lock.describe(holder);
        return lock;
    }

    private static Held lock(Path file, String what) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String by = holderOf(channel);
                channel.close();
                throw CollabException.of(
                        ErrorCode.CONFLICT,
                        "another collab serve is running over " + what + (by.isEmpty() ? "" : " (" + by + ")")
                                + "; lock file " + file,
                        "stop it first, or give this server its own storage.buckets and storage.index_snapshot");
            }
            return new Held(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot create the lock file " + file, e);
        }
    }

    private static String holderOf(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Replaces the line each lock file holds (say, once the server listens, with its address).
     *
     * @param holder the new line
     */
    void describe(String holder) {
        byte[] line = (Objects.requireNonNull(holder, "holder") + "\n").getBytes(StandardCharsets.UTF_8);
        for (Held h : held) {
            try {
                h.channel().truncate(0);
                h.channel().write(ByteBuffer.wrap(line), 0);
            } catch (IOException e) {
                // the line is for the error of a second server only; the lock itself is what counts
            }
        }
    }

    /**
     * The lock files held.
     *
     * @return their absolute paths
     */
    List<Path> files() {
        return held.stream().map(Held::file).toList();
    }

    /**
     * Empties the files and releases every lock; the files stay (deleting one could race with the next server's
     * lock).
     */
    @Override
    public void close() {
        for (Held h : held) {
            try {
                h.channel().truncate(0);
            } catch (IOException e) {
                // a stale line is read only by a server that found the file locked
            }
            try {
                h.lock().release();
            } catch (IOException e) {
                // closing the channel below releases it too
            }
            closeQuietly(h.channel());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
