package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.core.internal.FollowedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hub token kept in a file and followed as the file changes, so that a server's token can be rotated (a
 * fine-grained token that expires, a leaked one) without a restart: {@link #get()} compares the file's modification
 * time and size with those of the token in use at most once per {@code checkEvery} and reads a changed file again.
 * The file holds the token alone (surrounding white space is ignored). A change to an empty or unreadable file keeps
 * the token in use and is reported once by a WARN (never the token); the next change is read again. Thread safe.
 */
public final class HubTokenFile implements Supplier<String> {
    private static final Logger LOG = LoggerFactory.getLogger(HubTokenFile.class);

    private final FollowedFile<String> file;

    private HubTokenFile(FollowedFile<String> file) {
        this.file = file;
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
        return new HubTokenFile(FollowedFile.open(file, HubTokenFile::read, clock, checkEvery, (before, now) -> {
            if (!before.equals(now)) {
                LOG.info("the Hub token file {} changed: the new token is used from now on", file);
            }
        }));
    }

    /**
     * The token now.
     *
     * @return the token of the newest readable, non-empty version of the file
     */
    @Override
    public String get() {
        return file.current();
    }

    private static String read(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hub token file " + file, e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the Hub token file " + file + " is empty");
        }
        return token;
    }
}
