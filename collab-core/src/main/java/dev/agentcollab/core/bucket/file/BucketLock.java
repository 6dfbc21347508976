package dev.agentcollab.core.bucket.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer lock of one bucket, exclusive across threads and processes: a JVM-wide {@link ReentrantLock} per
 * lock file (an OS file lock is held per process, and two channels of one JVM on one file would clash), then an
 * exclusive {@link FileLock} on the file. The OS releases the file lock when a process dies, so a killed writer
 * never blocks the others.
 */
final class BucketLock {
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private BucketLock() {}

    /** A held lock; closing it releases both levels. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    static Held acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            FileChannel ch = channel;
            return () -> {
                try (ch) {
                    fileLock.release();
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }
}
