package dev.agentcollab.app.serve;

import dev.agentcollab.core.service.HealthCheck;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The free space of the disk a {@code file:} deployment keeps its buckets on, as a {@link HealthCheck}: when it
 * fills, every write is answered 503 {@code UNAVAILABLE} until space is freed (nothing is lost, reads go on), so
 * {@code GET /v1/status} and the organizer panel name the disk before that, once less than a tenth of it, or less
 * than 1 GiB, is free. Stateless.
 */
final class DiskSpace implements HealthCheck {
    /** The free space below which the check speaks up on a disk larger than 10 GiB. */
    static final long LOW = 1L << 30;

    private final Path folder;

    /**
     * The check of the disk holding {@code folder}.
     *
     * @param folder the buckets folder
     */
    DiskSpace(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    @Override
    public Optional<String> problem() {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            FileStore disk = Files.getFileStore(existing);
            return problem(folder, disk.getUsableSpace(), disk.getTotalSpace());
        } catch (IOException e) {
            return Optional.of("cannot tell how much space the disk of " + folder + " has left: " + e.getMessage());
        }
    }

    /**
     * What to say of a disk with {@code usable} of {@code total} bytes free.
     *
     * @param folder the buckets folder, for the message
     * @param usable the bytes this process may still write
     * @param total the disk's size
     * @return the problem, or empty while at least a tenth of the disk (at most 1 GiB) is free
     */
    static Optional<String> problem(Path folder, long usable, long total) {
        if (usable >= Math.min(LOW, total / 10)) {
            return Optional.empty();
        }
        return Optional.of("the disk of the buckets folder " + folder + " has " + size(usable) + " free of "
                + size(total) + ": when it is full, every write is answered 503 UNAVAILABLE (nothing is lost and"
                + " reads go on) until space is freed");
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    @Override
    public String toString() {
        return "disk space of " + folder;
    }
}
