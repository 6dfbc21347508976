package dev.agentcollab.core.service.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;

/** Bounded caches that expire on the service's clock, and the token digest used as their key. */
public final class Caches {
    private Caches() {}

    /**
     * A cache holding at most {@code maxSize} entries, each for {@code ttl} after it was written.
     *
     * @param maxSize the bound
     * @param ttl how long an entry lives
     * @param clock the time source of expiry
     * @param <K> key type
     * @param <V> value type
     * @return the cache; maintenance runs on the calling thread
     */
    public static <K, V> Cache<K, V> expiring(long maxSize, Duration ttl, InstantSource clock) {
        return Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfterWrite(ttl)
                .ticker(ticker(clock))
                .executor(Runnable::run)
                .build();
    }

    private static Ticker ticker(InstantSource clock) {
        return () -> {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }

    /**
     * The SHA-256 of a token, so that no cache holds a bearer token in the clear.
     *
     * @param token the token
     * @return its hex digest
     */
    public static String digest(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
