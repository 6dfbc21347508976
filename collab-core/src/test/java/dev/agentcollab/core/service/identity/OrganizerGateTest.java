package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrganizerGateTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final HfIdentity alice = new HfIdentity("alice", List.of("org"), Optional.empty());

    /** Answers scripted roles; an empty script entry means "the lookup failed". */
    private static class Scripted implements IdentityProvider {
        final Deque<Optional<String>> answers = new ArrayDeque<>();
        int calls;

        @Override
        public HfIdentity whoami(String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> roleIn(String org, HfIdentity user) {
            calls++;
            Optional<String> next = answers.removeFirst();
            if (next.isEmpty()) {
                throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "members API down");
            }
            return next.get().equals("-") ? Optional.empty() : next;
        }
    }

    @Test
    void failedLookupsAre503WithRetryAfterAndNeverCached() {
        Scripted roles = new Scripted();
        OrganizerGate gate = new OrganizerGate(roles, "org", Duration.ofSeconds(300), clock);
        roles.answers.add(Optional.empty());
        CollabException e = assertThrows(CollabException.class, () -> gate.requireOrganizer(alice));
        assertEquals(ErrorCode.ORGANIZER_CHECK_UNAVAILABLE, e.code());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        roles.answers.add(Optional.empty());
        assertFalse(gate.isOrganizer(alice)); // /v1/me degrades to false
        roles.answers.add(Optional.of("admin"));
        gate.requireOrganizer(alice);
        assertEquals(3, roles.calls);
    }

    @Test
    void rolesAreCachedForTheTtl() {
        Scripted roles = new Scripted();
        OrganizerGate gate = new OrganizerGate(roles, "org", Duration.ofSeconds(300), clock);
        roles.answers.add(Optional.of("write"));
        assertEquals(
                ErrorCode.NOT_ORGANIZER,
                assertThrows(CollabException.class, () -> gate.requireOrganizer(alice))
                        .code());
        assertFalse(gate.isOrganizer(alice));
        assertEquals(1, roles.calls);
        clock.advance(Duration.ofSeconds(300));
        roles.answers.add(Optional.of("admin"));
        assertTrue(gate.isOrganizer(alice));
        assertEquals(2, roles.calls);
    }

    @Test
    void aProviderThatCachesRolesItselfIsNotCachedTwice() {
        Scripted roles = new Scripted() {
            @Override
            public boolean cachesRoles() {
                return true;
            }
        };
        OrganizerGate gate = new OrganizerGate(roles, "org", Duration.ofSeconds(300), clock);
        roles.answers.add(Optional.of("admin"));
        roles.answers.add(Optional.of("write"));
        assertTrue(gate.isOrganizer(alice));
        assertFalse(gate.isOrganizer(alice)); // the provider's answer changed; the gate held nothing back
        assertEquals(2, roles.calls);
    }
}
