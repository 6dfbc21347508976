package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of a token file ({@link TokenFile}) that follows the file's edits while the server runs: a token
 * added for a new agent's operator works, and a removed (leaked) one is refused, without a restart. On a lookup, at
 * most once per {@code checkEvery}, the file's modification time and size are compared with those of the version
 * in use; a changed file is read again. A version that does not parse (an edit in progress, a typo) or cannot be
 * read leaves the previous tokens in use and is reported once, by a WARN naming the file and the entry (never a
 * token); the next change of the file is read again. Roles follow on the same reload ({@link #cachesRoles()}).
 * Thread safe.
 */
public final class ReloadingTokenFile implements IdentityProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTokenFile.class);

    private final Path file;
    private final Optional<String> defaultOrg;
    private final InstantSource clock;
    private final Duration checkEvery;
    private final Object reloadLock = new Object();
    private volatile Version current;
    private volatile Instant nextCheck;
    private Stamp refused; // the last version that did not parse; guarded by reloadLock

    private record Stamp(Instant modified, long size) {}

    private record Version(Stamp stamp, StaticIdentityProvider provider, Set<String> tokens) {}

    private ReloadingTokenFile(
            Path file, Optional<String> defaultOrg, InstantSource clock, Duration checkEvery, Version first) {
        this.file = file;
        this.defaultOrg = defaultOrg;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.current = first;
        this.nextCheck = clock.instant().plus(checkEvery);
    }

    /**
     * Reads a token file and follows its changes.
     *
     * @param file the YAML file
     * @param defaultOrg the organisation of entries without {@code org}
     * @param clock the time source of the checks
     * @param checkEvery how often, at most, a lookup compares the file with the version in use
     * @return the provider, with the file's tokens
     * @throws IllegalArgumentException naming the file and the offending entry when the file is invalid now
     * @throws UncheckedIOException when the file cannot be read now
     */
    public static ReloadingTokenFile open(
            Path file, Optional<String> defaultOrg, InstantSource clock, Duration checkEvery) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(defaultOrg, "defaultOrg");
        Objects.requireNonNull(clock, "clock");
        if (checkEvery == null || checkEvery.isNegative()) {
            throw new IllegalArgumentException("checkEvery must be zero or positive, but was " + checkEvery);
        }
        Stamp stamp = stamp(file);
        return new ReloadingTokenFile(
                file, defaultOrg, clock, checkEvery, version(stamp, TokenFile.read(file, defaultOrg)));
    }

    @Override
    public HfIdentity whoami(String token) {
        return fresh().whoami(token);
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        return fresh().roleIn(org, user);
    }

    /**
     * Roles come from the version in use, which is at most {@code checkEvery} old: the service adds no role cache of
     * its own, so a changed role takes effect with the reload.
     *
     * @return {@code true}
     */
    @Override
    public boolean cachesRoles() {
        return true;
    }

    /**
     * How many tokens the version in use holds.
     *
     * @return the count
     */
    public int tokens() {
        return current.tokens().size();
    }

    /** The provider of the version in use, after reading the file again when it changed and a check is due. */
    private StaticIdentityProvider fresh() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return current.provider();
        }
        synchronized (reloadLock) {
            if (now.isBefore(nextCheck)) {
                return current.provider();
            }
            nextCheck = now.plus(checkEvery);
            reloadIfChanged();
        }
        return current.provider();
    }

    private void reloadIfChanged() {
        Stamp stamp;
        try {
            stamp = stamp(file);
        } catch (UncheckedIOException e) {
            if (refused == null || refused.size() != -1) {
                LOG.warn(
                        "token file {} cannot be read ({}); the {} tokens read before stay in use",
                        file,
                        e.getCause().getMessage(),
                        current.tokens().size());
                refused = new Stamp(Instant.EPOCH, -1);
            }
            return;
        }
        if (stamp.equals(current.stamp()) || stamp.equals(refused)) {
            return;
        }
        List<TokenFile.Entry> entries;
        try {
            entries = TokenFile.read(file, defaultOrg);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            refused = stamp;
            LOG.warn(
                    "token file changed but was not loaded: {}; the {} tokens read before stay in use",
                    e.getMessage(),
                    current.tokens().size());
            return;
        }
        Version next = version(stamp, entries);
        Set<String> added = new HashSet<>(next.tokens());
        added.removeAll(current.tokens());
        Set<String> removed = new HashSet<>(current.tokens());
        removed.removeAll(next.tokens());
        current = next;
        refused = null;
        LOG.info(
                "token file {} reloaded: {} tokens ({} added, {} removed)",
                file,
                next.tokens().size(),
                added.size(),
                removed.size());
    }

    private static Version version(Stamp stamp, List<TokenFile.Entry> entries) {
        Set<String> tokens = new HashSet<>();
        entries.forEach(e -> tokens.add(e.token()));
        return new Version(stamp, TokenFile.provider(entries), Set.copyOf(tokens));
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant(), a.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }
}
