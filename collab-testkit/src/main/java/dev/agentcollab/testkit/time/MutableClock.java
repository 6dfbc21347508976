package dev.agentcollab.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable clock for tests: time stands still until a test sets or advances it. It is both an
 * {@link InstantSource} and a {@link Clock} (in UTC), so it can be injected wherever production code takes either.
 *
 * <p>Thread safe: reads and updates are atomic, so concurrent writers under test see one consistent instant.
 */
public final class MutableClock extends Clock implements InstantSource {
    private final AtomicReference<Instant> now;

    private MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /**
     * A clock standing at an instant.
     *
     * @param start the initial instant
     * @return the clock
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /**
     * A clock standing at an ISO-8601 instant, e.g. {@code 2026-06-01T10:00:00Z}.
     *
     * @param iso the initial instant as text
     * @return the clock
     */
    public static MutableClock at(String iso) {
        return new MutableClock(Instant.parse(iso));
    }

    /**
     * Moves the clock to an instant (backwards is allowed).
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * Moves the clock forward (or backward, for a negative duration).
     *
     * @param duration how far to move
     * @return the new time
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(t -> t.plus(duration));
    }

    /**
     * Moves the clock forward by some milliseconds.
     *
     * @param millis how far to move
     * @return the new time
     */
    public Instant advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    /**
     * Always UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * Time zones are not supported: this clock is UTC only, and a view in another zone would not follow
     * {@link #set(Instant)}.
     *
     * @param zone the zone
     * @return this clock when {@code zone} is UTC
     * @throws UnsupportedOperationException for any other zone
     */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone.normalized())) {
            return this;
        }
        throw new UnsupportedOperationException("MutableClock is UTC only, asked for " + zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
