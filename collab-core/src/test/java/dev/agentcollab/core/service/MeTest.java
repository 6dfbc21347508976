package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import org.junit.jupiter.api.Test;

class MeTest {
    private final ServiceHarness h =
            new ServiceHarness(InMemoryBucketStore.create(), MutableClock.at("2026-06-01T10:00:00Z"));

    @Test
    void reportsMembershipAndOrganizerRole() {
        MeInfo alice = h.as("tok-alice").me();
        assertEquals("human-alice", alice.handle());
        assertTrue(alice.isMember());
        assertTrue(alice.isOrganizer());
        MeInfo bob = h.as("tok-bob").me();
        assertTrue(bob.isMember());
        assertFalse(bob.isOrganizer());
        MeInfo eve = h.as("tok-eve").me();
        assertFalse(eve.isMember());
        assertFalse(eve.isOrganizer());
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> h.anonymous().me()).code());
    }
}
