package dev.agentcollab.core.service.claim;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
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
import java.util.Optional;

/**
 * The claim of one service (a {@code collab serve}, or an exclusive {@link
 * dev.agentcollab.core.service.CollabService}) on the local files only it may write: an exclusive OS lock on each
 * of a few lock files (beside the central bucket's folder on {@code file:} buckets, beside the index snapshot), held
 * until {@link #close()} and released by the OS when the process dies, so a crashed service never blocks its
 * restart. A second service over the same files fails to start, before it recovers or writes anything, with an
 * error naming the first one (each lock file holds a line saying which process holds it).
 *
 * <p>Two services of one collaboration would each take the other's half-finished writes for a crash to recover,
 * overwrite each other's snapshots and keep separate rate limits and duplicate checks. OS file locks see only
 * processes that share the files; services on other machines are seen through the {@link WriterClaim}.
 */
public final class WriterLock implements AutoCloseable {
    private final List<Held> held;

    private WriterLock(List<Held> held) {
        this.held = held;
    }

    private record Held(Path file, FileChannel channel, FileLock lock) {}

    /**
     * Locks every file, or none.
     *
     * @param files the lock files (created with their folders when missing)
     * @param what what the files guard, for the error (e.g. {@code "the central bucket acme/speed-main-bucket"})
     * @param program what the processes that take these locks run, for the error (e.g. {@code "collab serve"})
     * @param holder the line written into each file while it is held (which process, since when)
     * @param hint what to do about a refusal, for the error
     * @return the held locks
     * @throws CollabException {@link ErrorCode#CONFLICT} when another process (or another service of this JVM)
     *     holds one of them, naming it
     * @throws UncheckedIOException when a lock file cannot be created
     */
    public static WriterLock acquire(List<Path> files, String what, String program, String holder, String hint) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(hint, "hint");
        List<Held> held = new ArrayList<>();
        try {
            for (Path file : files) {
                held.add(lock(file.toAbsolutePath().normalize(), what, program, hint));
            }
        } catch (RuntimeException e) {
            new WriterLock(held).close();
            throw e;
        }
        WriterLock lock = new WriterLock(List.copyOf(held));
        lock.describe(holder);
        return lock;
    }

    /**
     * Whether a service over this store locks a file beside the central bucket's folder ({@link #filesFor}): on a
     * {@code file:} store, looking through decorators.
     *
     * @param store the open store
     * @return whether the central bucket's folder is locked
     */
    public static boolean locksBucketFolder(BucketStore store) {
        return ForwardingBucketStore.innermost(store) instanceof FileSystemBucketStore;
    }

    /**
     * The lock files of a service over a central bucket: beside the bucket's folder on a {@code file:} store (so
     * that {@code collab serve} and an application over the same folder see each other), beside the index snapshot
     * when there is one.
     *
     * @param store the open store
     * @param central the central bucket
     * @param snapshot the board index's snapshot file, if any
     * @return the files, possibly none (an {@code hf://} store without a snapshot)
     */
    public static List<Path> filesFor(BucketStore store, BucketId central, Optional<Path> snapshot) {
        List<Path> files = new ArrayList<>();
        if (ForwardingBucketStore.innermost(store) instanceof FileSystemBucketStore fs) {
            files.add(fs.besideBucket(central, "serve.lock"));
        }
        snapshot.ifPresent(s -> files.add(s.resolveSibling(s.getFileName() + ".lock")));
        return List.copyOf(files);
    }

    private static Held lock(Path file, String what, String program, String hint) {
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
                        "another " + program + " is running over " + what + (by.isEmpty() ? "" : " (" + by + ")")
                                + "; lock file " + file,
                        hint);
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
     * Replaces the line each lock file holds (say, once the service listens, with its address).
     *
     * @param holder the new line
     */
    public void describe(String holder) {
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
    public List<Path> files() {
        return held.stream().map(Held::file).toList();
    }

    /**
     * Empties the files and releases every lock; the files stay (deleting one could race with the next service's
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
