package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A compound, keyed token-bucket limiter (§2.2). Each key gets its own set of buckets; a call consults all of
 * them, and if any rejects, tokens already taken from the others are refunded and the call fails with
 * {@code RATE_LIMITED}, message {@code rate limit exceeded; retry after <n>s} and {@code Retry-After} the worst
 * bucket's {@code max(1, floor(deficit / refill_per_sec) + 1)} seconds. State is in memory (resets on restart).
 * Time comes from the injected clock. Thread safe: each key is updated under its own lock.
 *
 * <p>Memory is bounded by the keys used lately, not by every key ever used: a key whose buckets have all refilled
 * is in the state a new key starts in, so whenever the number of keys has doubled since the last sweep (and is
 * at least {@link #SWEEP_FLOOR}), such keys are dropped. Registrations keyed by made-up agent ids so cost memory
 * for about a minute (the time their bucket takes to refill), not for the life of the server.
 */
public final class KeyedRateLimiter {
    private final String name;
    private final List<Limit> limits;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Key> buckets = new ConcurrentHashMap<>();

    /** Below this many keys no sweep runs. */
    static final int SWEEP_FLOOR = 4096;

    /** The number of keys at which the next sweep runs. */
    private final AtomicInteger sweepAt = new AtomicInteger(SWEEP_FLOOR);

    /** One key's buckets; {@code dropped} once a sweep removed it (a caller holding it looks it up again). */
    private static final class Key {
        final List<TokenBucket> set;
        boolean dropped;

        Key(List<TokenBucket> set) {
            this.set = set;
        }
    }

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
        long worst = 0;
        while (true) {
            Key entry = buckets.computeIfAbsent(key, k -> newKey());
            if (buckets.size() >= sweepAt.get()) {
                sweep();
            }
            synchronized (entry) {
                if (entry.dropped) {
                    continue; // swept between the lookup and the lock: its state was that of a new key
                }
                List<TokenBucket> taken = new ArrayList<>(entry.set.size());
                for (TokenBucket b : entry.set) {
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
                break;
            }
        }
        throw new CollabException(
                ErrorCode.RATE_LIMITED,
                "rate limit exceeded; retry after " + worst + "s",
                null,
                Duration.ofSeconds(worst),
                null);
    }

    /**
     * Gives back the token {@link #acquire} took for a key, for a call refused by a check that can only run after the
     * limiter and that the reference does not have (a source post's reply to a missing message: the parent may be
     * named in the file, read after the token is taken). Each bucket is capped at its capacity.
     *
     * @param key the key the token was taken for
     */
    public void release(String key) {
        Key entry = buckets.get(key);
        if (entry == null) {
            return; // swept: its buckets are full already
        }
        synchronized (entry) {
            for (TokenBucket b : entry.set) {
                b.refill(clock);
                b.refund();
            }
        }
    }

    private Key newKey() {
        List<TokenBucket> list = new ArrayList<>(limits.size());
        for (Limit l : limits) {
            list.add(new TokenBucket(l.capacity(), l.refillPerMinute(), clock.instant()));
        }
        return new Key(list);
    }

    /** Drops the keys whose buckets have all refilled; the next sweep runs at twice the keys left (or the floor). */
    private void sweep() {
        int at = sweepAt.get();
        if (!sweepAt.compareAndSet(at, Integer.MAX_VALUE)) {
            return; // another caller sweeps
        }
        try {
            buckets.forEach((k, entry) -> {
                synchronized (entry) {
                    boolean full = true;
                    for (TokenBucket b : entry.set) {
                        b.refill(clock);
                        full &= b.full();
                    }
                    if (full && buckets.remove(k, entry)) {
                        entry.dropped = true;
                    }
                }
            });
        } finally {
            sweepAt.set(Math.max(SWEEP_FLOOR, 2 * buckets.size()));
        }
    }

    /**
     * The number of keys held (tests).
     *
     * @return the keys with a state of their own
     */
    int keys() {
        return buckets.size();
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
