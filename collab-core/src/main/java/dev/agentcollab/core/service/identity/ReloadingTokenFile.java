package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.internal.FollowedFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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

    private final FollowedFile<Version> file;

    private record Version(StaticIdentityProvider provider, Set<String> tokens) {}

    private ReloadingTokenFile(FollowedFile<Version> file) {
        this.file = file;
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
        Objects.requireNonNull(defaultOrg, "defaultOrg");
        return new ReloadingTokenFile(FollowedFile.open(
                file, f -> version(TokenFile.read(f, defaultOrg)), clock, checkEvery, (before, now) -> {
                    Set<String> added = new HashSet<>(now.tokens());
                    added.removeAll(before.tokens());
                    Set<String> removed = new HashSet<>(before.tokens());
                    removed.removeAll(now.tokens());
                    LOG.info(
                            "token file {} reloaded: {} tokens ({} added, {} removed)",
                            file,
                            now.tokens().size(),
                            added.size(),
                            removed.size());
                }));
    }

    @Override
    public HfIdentity whoami(String token) {
        return file.current().provider().whoami(token);
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        return file.current().provider().roleIn(org, user);
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
        return file.current().tokens().size();
    }

    private static Version version(List<TokenFile.Entry> entries) {
        Set<String> tokens = new HashSet<>();
        entries.forEach(e -> tokens.add(e.token()));
        return new Version(TokenFile.provider(entries), Set.copyOf(tokens));
    }
}
