package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void sessionsSurviveARestartOverTheSameFileWithoutTheRawIdOrToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/dashboard-sessions.json");
        WebSessions before = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        String kept = before.create("secret-bearer-token", "oauth");
        clock.advance(Duration.ofMinutes(30));
        String late = before.create("tok-late", "token");
        String ended = before.create("tok-ended", "token");
        before.remove(ended);

        String onDisk = Files.readString(file);
        assertFalse(onDisk.contains(kept), "the session id is stored only as a hash");
        assertFalse(onDisk.contains("secret-bearer-token"), "the token is sealed");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }

        WebSessions after = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        WebSessions.Session s = after.find(kept).orElseThrow();
        assertEquals("secret-bearer-token", s.token());
        assertEquals("oauth", s.method());
        assertEquals("tok-late", after.find(late).orElseThrow().token());
        assertEquals(Optional.empty(), after.find(ended), "a signed-out session stays signed out");
        assertEquals(Optional.empty(), after.find(kept + "x"));

        clock.advance(Duration.ofMinutes(30)); // the first session expires
        WebSessions restarted = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        assertEquals(Optional.empty(), restarted.find(kept), "expired sessions do not come back");
        assertTrue(restarted.find(late).isPresent());
        restarted.create("tok-new", "token"); // any write purges the expired ones from the file
        assertEquals(2, Json.mapper().readTree(file.toFile()).size());
    }

    @Test
    void anEditedExpiryOrAnUnreadableFileSignsNobodyIn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sessions.json");
        WebSessions before = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        String id = before.create("tok", "token");
        Files.writeString(
                file,
                Files.readString(file).replaceAll("\"expires\":\"[^\"]+\"", "\"expires\":\"2099-01-01T00:00:00Z\""));
        WebSessions edited = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        assertEquals(Optional.empty(), edited.find(id), "the expiry is authenticated");
        Files.writeString(file, "not json");
        WebSessions broken = new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file));
        assertEquals(Optional.empty(), broken.find(id));
        String fresh = broken.create("tok2", "token");
        assertEquals(
                "tok2",
                new WebSessions(clock, new SecureRandom(), Duration.ofHours(1), Optional.of(file))
                        .find(fresh)
                        .orElseThrow()
                        .token());
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
