package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.http.internal.WebSessions;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboard sign-ins kept in {@code DashboardSettings#sessionStore} survive a server restart over the same file;
 * expired ones do not.
 */
@Timeout(60)
class DashboardSessionRestartTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignedInCookieStillWorksAfterARestartAndAnExpiredOneDoesNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state").resolve("dashboard-sessions.json");
        DashboardSettings settings =
                DashboardSettings.custom().sessionStore(file).build();
        // A session that ended an hour ago, written by an earlier server.
        MutableClock past = MutableClock.at(Instant.now().minus(Duration.ofHours(3)));
        String expired = new WebSessions(past, new SecureRandom(), Duration.ofHours(1), Optional.of(file))
                .create("tok-bob", "token");

        try (InMemoryBucketStore store = InMemoryBucketStore.create();
                CollabService service = CollabService.builder()
                        .store(store)
                        .config(CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                                .build())
                        .identity(StaticIdentityProvider.builder()
                                .member("tok-alice", "alice", LoopbackCollab.ORG, "admin")
                                .member("tok-bob", "bob", LoopbackCollab.ORG, "write")
                                .build())
                        .build()) {
            String cookie;
            try (RunningServer first = server(service, settings)) {
                HttpResponse<String> in =
                        send(HttpRequest.newBuilder(first.baseUri().resolve("/auth/token"))
                                .header("X-Collab-Dashboard", "1")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"tok-alice\"}")));
                assertEquals(200, in.statusCode(), in.body());
                String set = in.headers().firstValue("Set-Cookie").orElseThrow();
                cookie = set.substring(0, set.indexOf(';'));
                assertEquals(200, me(first, cookie).statusCode());
                HttpResponse<String> dead = me(first, "collab_session=" + expired);
                assertEquals(401, dead.statusCode());
                assertTrue(dead.body().contains("your dashboard session has ended"), dead.body());
            }
            String onDisk = Files.readString(file);
            assertFalse(onDisk.contains(cookie.substring(cookie.indexOf('=') + 1)), "no raw session id on disk");
            assertFalse(onDisk.contains("tok-alice"), "no raw token on disk");
            assertEquals(1, Json.mapper().readTree(onDisk).size(), "the expired session was purged");

            try (RunningServer second = server(service, settings)) {
                HttpResponse<String> me = me(second, cookie);
                assertEquals(200, me.statusCode(), me.body());
                assertEquals(
                        "human-alice",
                        Json.mapper().readTree(me.body()).path("handle").asText());
                assertEquals(401, me(second, "collab_session=" + expired).statusCode());
                HttpResponse<String> session =
                        send(HttpRequest.newBuilder(second.baseUri().resolve("/auth/session"))
                                .header("Cookie", cookie)
                                .header("X-Collab-Dashboard", "1"));
                assertEquals(
                        "token",
                        Json.mapper().readTree(session.body()).path("method").asText());
            }
        }
    }

    private static RunningServer server(CollabService service, DashboardSettings settings) {
        return CollabServer.create(c -> c.host("127.0.0.1")
                        .port(0)
                        .sessions(service::session)
                        .description(ServiceDescription.of(LoopbackCollab.ORG, LoopbackCollab.SLUG))
                        .dashboardSettings(settings))
                .start();
    }

    private HttpResponse<String> me(RunningServer server, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/me"))
                .header("Cookie", cookie)
                .header("X-Collab-Dashboard", "1"));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
