package dev.agentcollab.core.bucket.hf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hub token kept in a file and followed as the file changes, so that a server's token can be rotated (a
 * fine-grained token that expires, a leaked one) without a restart: each call to {@link #get()} compares the file's
 * modification time and size with those of the token in use at most once per {@code checkEvery} and reads a changed
 * file again. The file holds the token alone (surrounding white space is ignored). A change to an empty or
 * unreadable file keeps the token in use and is reported once by a WARN (never the token); the next change is read
 * again. Thread safe.
 */
public final class HubTokenFile implements Supplier<String> {
    private static final Logger LOG = LoggerFactory.getLogger(HubTokenFile.class);

    private final Path file;
    private final InstantSource clock;
    private final Duration checkEvery;
    private final Object lock = new Object();
    private volatile String token;
    private volatile Instant nextCheck;
    private Stamp inUse; // guarded by lock
    private Stamp refused; // guarded by lock

    private record Stamp(Instant modified, long size) {}

    private HubTokenFile(Path file, InstantSource clock, Duration checkEvery, Stamp stamp, String token) {
        this.file = file;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.inUse = stamp;
        this.token = token;
        this.nextCheck = clock.instant().plus(checkEvery);
    }

    /**
     * Reads a token file and follows it.
     *
     * @param file the file
     * @param clock the time source of the checks
     * @param checkEvery how often, at most, a call compares the file with the token in use
     * @return the source
     * @throws IllegalArgumentException when the file is empty now
     * @throws UncheckedIOException when the file cannot be read now
     */
    public static HubTokenFile follow(Path file, InstantSource clock, Duration checkEvery) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        if (checkEvery == null || checkEvery.isNegative()) {
            throw new IllegalArgumentException("checkEvery must be zero or positive, but was " + checkEvery);
        }
        Stamp stamp = stamp(file);
        String token = read(file);
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the Hub token file " + file + " is empty");
        }
        return new HubTokenFile(file, clock, checkEvery, stamp, token);
    }

    /**
     * The token now.
     *
     * @return the token of the newest readable, non-empty version of the file
     */
    @Override
    public String get() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return token;
        }
        synchronized (lock) {
            if (!now.isBefore(nextCheck)) {
                nextCheck = now.plus(checkEvery);
                reloadIfChanged();
            }
        }
        return token;
    }

    private void reloadIfChanged() {
        Stamp stamp;
        String next;
        try {
            stamp = stamp(file);
            if (stamp.equals(inUse) || stamp.equals(refused)) {
                return;
            }
            next = read(file);
        } catch (UncheckedIOException e) {
            Stamp gone = new Stamp(Instant.EPOCH, -1);
            if (!gone.equals(refused)) {
                refused = gone;
                LOG.warn(
                        "the Hub token file {} cannot be read ({}); the token in use stays",
                        file,
                        e.getCause().getMessage());
            }
            return;
        }
        if (next.isEmpty()) {
            refused = stamp;
            LOG.warn("the Hub token file {} changed but is empty; the token in use stays", file);
            return;
        }
        boolean rotated = !next.equals(token);
        token = next;
        inUse = stamp;
        refused = null;
        if (rotated) {
            LOG.info("the Hub token file {} changed: the new token is used from now on", file);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hub token file " + file, e);
        }
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant(), a.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hub token file " + file, e);
        }
    }
}
