package dev.agentcollab.testkit.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        assertEquals(Instant.parse("2026-06-01T10:00:00Z"), clock.instant());
        assertEquals(clock.instant(), clock.instant());
        assertEquals(Instant.parse("2026-06-01T10:00:01.500Z"), clock.advance(Duration.ofMillis(1500)));
        assertEquals(
                Instant.parse("2026-06-01T10:00:01.501Z").toEpochMilli(),
                clock.advanceMillis(1).toEpochMilli());
        clock.set(Instant.parse("2020-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(), clock.millis());
    }

    @Test
    void isUtcOnly() {
        MutableClock clock = MutableClock.at(Instant.EPOCH);
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        assertThrows(UnsupportedOperationException.class, () -> clock.withZone(ZoneId.of("Europe/Paris")));
    }
}
