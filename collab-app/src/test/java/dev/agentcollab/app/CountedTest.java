package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CountedTest {
    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("0 files", Counted.of(0, "file"));
        assertEquals("1 file", Counted.of(1, "file"));
        assertEquals("2 files", Counted.of(2, "file"));
        assertEquals("1 reply", Counted.of(1, "reply", "replies"));
        assertEquals("7 replies", Counted.of(7, "reply", "replies"));
        assertEquals("-1 bytes", Counted.of(-1, "byte"));
        assertEquals("3000000000 bytes", Counted.of(3_000_000_000L, "byte"));
    }

    @Test
    void nounsAreRequired() {
        assertThrows(NullPointerException.class, () -> Counted.of(1, null));
        assertThrows(NullPointerException.class, () -> Counted.of(1, "reply", null));
    }
}
