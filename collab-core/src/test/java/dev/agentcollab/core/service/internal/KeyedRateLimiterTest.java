package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    private long retryAfter(KeyedRateLimiter l, String key) {
        CollabException e = assertThrows(CollabException.class, () -> l.acquire(key));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        return e.retryAfter().orElseThrow().toSeconds();
    }

    @Test
    void bucketWriteIsTwentyBackToBackThenTwentyPerMinute() {
        KeyedRateLimiter l = new KeyedRateLimiter(
                "bucket-write", List.of(new KeyedRateLimiter.Limit(20, 20), new KeyedRateLimiter.Limit(60, 60)), clock);
        for (int i = 0; i < 20; i++) {
            l.acquire("collab-agent-1");
        }
        assertEquals(4, retryAfter(l, "collab-agent-1")); // 1 / (20/60) = 3 -> floor + 1
        clock.advance(Duration.ofSeconds(3));
        l.acquire("collab-agent-1");
    }

    @Test
    void compoundRejectionRefundsTheOtherBuckets() {
        KeyedRateLimiter l = new KeyedRateLimiter(
                "raw", List.of(new KeyedRateLimiter.Limit(5, 5), new KeyedRateLimiter.Limit(30, 1)), clock);
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 5; i++) {
                l.acquire("a");
            }
            retryAfter(l, "a");
            clock.advance(Duration.ofMinutes(1));
        }
        // 30 used; the hourly bucket refilled 1/min to 6, the minute bucket allows 5
        assertEquals(5, countAvailable(l, "a"));
        clock.advance(Duration.ofMinutes(1));
        // the minute bucket is full again, but the hourly one (1 left + 1/min) binds
        assertEquals(2, countAvailable(l, "a"));
    }

    private int countAvailable(KeyedRateLimiter l, String key) {
        int n = 0;
        while (true) {
            try {
                l.acquire(key);
                n++;
            } catch (CollabException e) {
                return n;
            }
        }
    }

    @Test
    void keysWhoseBucketsRefilledAreDroppedAndLimitedKeysKeepTheirState() {
        KeyedRateLimiter l = new KeyedRateLimiter("registration", List.of(new KeyedRateLimiter.Limit(5, 5)), clock);
        int made = KeyedRateLimiter.SWEEP_FLOOR;
        for (int i = 0; i < made; i++) {
            l.acquire("made-up-" + i); // one registration each under ids nobody uses again
        }
        assertTrue(l.keys() <= made + 1, "a sweep found nothing to drop yet: every made-up key is one token short");
        clock.advance(Duration.ofSeconds(13)); // one token refills in 12 s: each made-up key is full again
        assertEquals(5, countAvailable(l, "busy-agent"));
        for (int i = 0; i < made; i++) {
            l.acquire("later-" + i);
        }
        assertTrue(l.keys() < 2 * made, "the refilled made-up keys were dropped, held " + l.keys());
        retryAfter(l, "busy-agent"); // a key that is still limited kept its state through the sweeps
        clock.advance(Duration.ofMinutes(1));
        assertEquals(5, countAvailable(l, "busy-agent"));
    }

    @Test
    void retryAfterFollowsTheReferenceFormula() {
        KeyedRateLimiter l = new KeyedRateLimiter("raw", List.of(new KeyedRateLimiter.Limit(5, 5)), clock);
        for (int i = 0; i < 5; i++) {
            l.acquire("k");
        }
        assertEquals(13, retryAfter(l, "k")); // deficit 1 / (5/60) = 12.000000000000002 -> 12 + 1
        clock.advance(Duration.ofSeconds(6));
        assertEquals(7, retryAfter(l, "k")); // deficit 0.5 -> 6.000000000000001 -> 6 + 1
        clock.advance(Duration.ofSeconds(6));
        l.acquire("k");
    }
}
