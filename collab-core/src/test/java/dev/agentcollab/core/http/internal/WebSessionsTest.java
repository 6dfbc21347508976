package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.testkit.time.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebSessionsTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T09:00:00Z");
    private final WebSessions sessions = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1));

    @Test
    void aSessionLastsItsTimeToLiveAndCanBeEnded() {
        String id = sessions.create("tok", "token");
        String other = sessions.create("tok", "token");
        assertNotEquals(id, other);
        assertTrue(id.length() >= 43, "256 random bits");
        assertEquals("tok", sessions.find(id).orElseThrow().token());
        clock.advance(Duration.ofMinutes(59));
        assertTrue(sessions.find(id).isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), sessions.find(id));
        sessions.remove(other);
        assertEquals(Optional.empty(), sessions.find(other));
        assertEquals(Optional.empty(), sessions.find("unknown"));
    }

    @Test
    void anOAuthStateWorksOnceAndExpires() {
        Map.Entry<String, String> login = sessions.beginLogin();
        assertTrue(login.getValue().length() >= 43, "PKCE verifiers are 43 to 128 characters");
        assertEquals(Optional.of(login.getValue()), sessions.finishLogin(login.getKey()));
        assertEquals(Optional.empty(), sessions.finishLogin(login.getKey()));
        Map.Entry<String, String> late = sessions.beginLogin();
        clock.advance(WebSessions.STATE_TTL);
        assertEquals(Optional.empty(), sessions.finishLogin(late.getKey()));
    }

    @Test
    void theChallengeIsTheS256OfTheVerifier() {
        // RFC 7636 appendix B.
        assertEquals(
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                OAuthClient.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }
}
