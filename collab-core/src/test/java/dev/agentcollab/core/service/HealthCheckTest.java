package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    @Test
    void aCachedCheckRunsOncePerPeriodAndGivesItsLastAnswerInBetween() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        AtomicInteger runs = new AtomicInteger();
        HealthCheck cached = ((HealthCheck) () -> Optional.of("run " + runs.incrementAndGet()))
                .cachedFor(Duration.ofSeconds(30), clock);
        assertEquals(Optional.of("run 1"), cached.problem());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of("run 1"), cached.problem());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of("run 2"), cached.problem());
        assertEquals(2, runs.get());
    }
}
