package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A compound, keyed token-bucket limiter (§2.2). Each key gets its own set of buckets; a call consults all of
 * them, and if any rejects, tokens already taken from the others are refunded and the call fails with
 * {@code RATE_LIMITED}, message {@code rate limit exceeded; retry after <n>s} and {@code Retry-After} the worst
 * bucket's {@code max(1, floor(deficit / refill_per_sec) + 1)} seconds. State is in memory (resets on restart).
 * Time comes from the injected clock. Thread safe: each key is updated under its own lock.
 */
public final class KeyedRateLimiter {
    private final String name;
    private final List<Limit> limits;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, List<TokenBucket>> buckets = new ConcurrentHashMap<>();

    /**
     * One bucket of the compound limiter.
     *
     * @param capacity the burst size
     * @param refillPerMinute tokens added per minute
     */
    public record Limit(int capacity, double refillPerMinute) {
        /** Validates the numbers. */
        public Limit {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
            }
            if (!(refillPerMinute > 0)) {
                throw new IllegalArgumentException("refillPerMinute must be > 0, but was " + refillPerMinute);
            }
        }
    }

    /**
     * Creates a limiter.
     *
     * @param name the limiter's name (for diagnostics)
     * @param limits its buckets
     * @param clock the time source
     */
    public KeyedRateLimiter(String name, List<Limit> limits, InstantSource clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.limits = List.copyOf(limits);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.limits.isEmpty()) {
            throw new IllegalArgumentException("a limiter needs at least one bucket");
        }
    }

    /**
     * Takes one token for a key.
     *
     * @param key the key (a bucket name or an agent id)
     * @throws CollabException {@code RATE_LIMITED} with a retry delay when any bucket is empty
     */
    public void acquire(String key) {
        List<TokenBucket> set = buckets.computeIfAbsent(key, k -> {
            List<TokenBucket> list = new ArrayList<>(limits.size());
            for (Limit l : limits) {
                list.add(new TokenBucket(l.capacity(), l.refillPerMinute(), clock.instant()));
            }
            return list;
        });
        long worst = 0;
        synchronized (set) {
            List<TokenBucket> taken = new ArrayList<>(set.size());
            for (TokenBucket b : set) {
                b.refill(clock);
                if (b.hasToken()) {
                    b.take();
                    taken.add(b);
                } else {
                    worst = Math.max(worst, b.retryAfterSeconds());
                }
            }
            if (worst == 0) {
                return;
            }
            taken.forEach(TokenBucket::refund);
        }
        throw new CollabException(
                ErrorCode.RATE_LIMITED,
                "rate limit exceeded; retry after " + worst + "s",
                null,
                Duration.ofSeconds(worst),
                null);
    }

    /**
     * Decorates a call with this limiter: takes a token, then runs it.
     *
     * @param key the key
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     * @throws CollabException {@code RATE_LIMITED} without running the call
     */
    public <T> T call(String key, Supplier<T> call) {
        acquire(key);
        return call.get();
    }

    @Override
    public String toString() {
        return "KeyedRateLimiter[" + name + ", " + limits + "]";
    }
}
