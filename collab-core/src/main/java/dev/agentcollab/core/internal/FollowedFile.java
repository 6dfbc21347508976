package dev.agentcollab.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from a file and read again when the file changes, for settings an operator edits while the server
 * runs (a token table, a Hub token). {@link #current()} compares the file's modification time and size with those
 * of the version in use at most once per {@code checkEvery} and reads a changed file again. A version that cannot
 * be read or is refused by the reader (an edit in progress, a typo, a file briefly missing during a rename) leaves
 * the value in use and is reported once by a WARN with the reader's message; the file's next change is read again.
 * The reader's messages must not quote secrets. Thread safe.
 *
 * @param <T> the value
 */
public final class FollowedFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedFile.class);
    private static final Stamp MISSING = new Stamp(Instant.EPOCH, -1);

    private final Path file;
    private final Function<Path, T> reader;
    private final InstantSource clock;
    private final Duration checkEvery;
    private final BiConsumer<T, T> onReload;
    private final Object lock = new Object();
    private volatile T value;
    private volatile Instant nextCheck;
    private Stamp inUse; // guarded by lock
    private Stamp refused; // guarded by lock

    private record Stamp(Instant modified, long size) {}

    private FollowedFile(
            Path file,
            Function<Path, T> reader,
            InstantSource clock,
            Duration checkEvery,
            BiConsumer<T, T> onReload,
            Stamp stamp,
            T value) {
        this.file = file;
        this.reader = reader;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.onReload = onReload;
        this.inUse = stamp;
        this.value = value;
        this.nextCheck = clock.instant().plus(checkEvery);
    }

    /**
     * Reads a file and follows it.
     *
     * @param file the file
     * @param reader reads a version; throws {@link IllegalArgumentException} for an invalid one and
     *     {@link UncheckedIOException} for one that cannot be read, its message naming the file and the problem (the
     *     WARN of a refused change quotes it)
     * @param clock the time source of the checks
     * @param checkEvery how often, at most, {@link #current()} compares the file with the version in use
     * @param onReload told of each version read after the first (previous value, new value), e.g. to log it
     * @param <T> the value
     * @return the followed file
     * @throws IllegalArgumentException when the reader refuses the file now
     * @throws UncheckedIOException when the file cannot be read now
     */
    public static <T> FollowedFile<T> open(
            Path file, Function<Path, T> reader, InstantSource clock, Duration checkEvery, BiConsumer<T, T> onReload) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(onReload, "onReload");
        if (checkEvery == null || checkEvery.isNegative()) {
            throw new IllegalArgumentException("checkEvery must be zero or positive, but was " + checkEvery);
        }
        Stamp stamp = stamp(file);
        return new FollowedFile<>(file, reader, clock, checkEvery, onReload, stamp, reader.apply(file));
    }

    /**
     * The value of the newest version that could be read, after reading the file again when it changed and a check
     * is due.
     *
     * @return the value
     */
    public T current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return value;
        }
        synchronized (lock) {
            if (!now.isBefore(nextCheck)) {
                nextCheck = now.plus(checkEvery);
                reloadIfChanged();
            }
        }
        return value;
    }

    private void reloadIfChanged() {
        Stamp stamp;
        try {
            stamp = stamp(file);
        } catch (UncheckedIOException e) {
            if (!MISSING.equals(refused)) {
                refused = MISSING;
                LOG.warn(
                        "{} cannot be read ({}); the version read before stays in use",
                        file,
                        e.getCause().getMessage());
            }
            return;
        }
        if (stamp.equals(inUse) || stamp.equals(refused)) {
            return;
        }
        T next;
        try {
            next = reader.apply(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            refused = stamp;
            LOG.warn("a change was not loaded: {}; the version read before stays in use", e.getMessage());
            return;
        }
        T previous = value;
        value = next;
        inUse = stamp;
        refused = null;
        onReload.accept(previous, next);
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant(), a.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
