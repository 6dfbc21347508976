package dev.agentcollab.core.service.internal;

import java.time.Instant;
import java.time.InstantSource;

/**
 * One token bucket (§2.2): starts full at {@code capacity}, refills continuously at {@code refillPerMinute}. Not
 * thread safe on its own; {@link KeyedRateLimiter} guards it.
 */
final class TokenBucket {
    private final double capacity;
    private final double refillPerSecond;
    private double tokens;
    private Instant last;

    TokenBucket(int capacity, double refillPerMinute, Instant now) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerMinute / 60.0;
        this.tokens = capacity;
        this.last = now;
    }

    /** Refills up to now. */
    void refill(InstantSource clock) {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double elapsed = (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
            tokens = Math.min(capacity, tokens + elapsed * refillPerSecond);
            last = now;
        }
    }

    /** Whether a token is available (after {@link #refill}). */
    /** Whether the bucket is as full as a new one (it then says nothing a new one would not). */
    boolean full() {
        return tokens >= capacity;
    }

    boolean hasToken() {
        return tokens >= 1.0;
    }

    void take() {
        tokens -= 1.0;
    }

    void refund() {
        tokens = Math.min(capacity, tokens + 1.0);
    }

    /** Seconds until a token is available: {@code max(1, floor(deficit / refill_per_sec) + 1)}. */
    long retryAfterSeconds() {
        double deficit = 1.0 - tokens;
        return Math.max(1L, (long) Math.floor(deficit / refillPerSecond) + 1L);
    }
}
