package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's sign-in over plain HTTP: the OAuth authorisation-code exchange with PKCE against a fake
 * provider on loopback, the HttpOnly session cookie that authenticates only requests carrying the dashboard
 * header, token sign-in, sign-out, refused states and codes, ETags on polled answers, and the settings' checks.
 */
@Timeout(60)
class DashboardSignInTest {
    private FakeOAuthProvider oauth;
    private LoopbackCollab env;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        oauth = new FakeOAuthProvider("tok-alice");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DashboardSettings settings = DashboardSettings.custom()
                .oauth(oauth.settings(URI.create("http://127.0.0.1:" + port + "/auth/callback")))
                .build();
        env = new LoopbackCollab(
                InMemoryBucketStore.create(),
                CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG).build(),
                Clock.systemUTC(),
                port,
                settings);
    }

    @AfterEach
    void stop() {
        env.close();
        oauth.close();
        http.close();
    }

    @Test
    void oauthCodeIsExchangedByTheServerAndTheSessionAuthenticatesDashboardCalls() throws Exception {
        HttpResponse<String> login = get("/auth/login", null, false);
        assertEquals(302, login.statusCode());
        String location = login.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(oauth.base() + "/oauth/authorize?"), location);
        assertTrue(location.contains("code_challenge_method=S256") && location.contains("client_id=dashboard-client"));
        assertFalse(location.contains(FakeOAuthProvider.CLIENT_SECRET), "the secret never reaches the browser");
        String stateCookie = cookie(login);

        HttpResponse<String> approved =
                http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString());
        String callback = approved.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith(env.server.baseUri() + "auth/callback?code="), callback);

        HttpResponse<String> back =
                send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", stateCookie));
        assertEquals(302, back.statusCode());
        assertEquals("/", back.headers().firstValue("Location").orElseThrow());
        String setCookie = back.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        String session = cookie(back);
        assertEquals(1, oauth.exchanges.get());
        assertEquals(0, oauth.refused.get());

        JsonNode who = json(get("/auth/session", session, true));
        assertTrue(who.path("signed_in").asBoolean());
        assertEquals("oauth", who.path("method").asText());
        assertEquals("human-alice", who.path("handle").asText());
        assertTrue(who.path("is_organizer").asBoolean());
        assertFalse(who.toString().contains("tok-alice"), "the access token stays on the server");

        // The cookie stands for the token on API calls, but only with the dashboard header (no cross-site use).
        assertEquals(200, get("/v1/me", session, true).statusCode());
        assertEquals(401, get("/v1/me", session, false).statusCode());

        // The state works once: replaying the callback signs nobody in.
        HttpResponse<String> replay =
                send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", stateCookie));
        assertEquals(
                "/?signin_error=invalid_state",
                replay.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> out =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/logout"))
                        .header("Cookie", session)
                        .header("X-Collab-Dashboard", "1")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(200, out.statusCode());
        assertFalse(json(get("/auth/session", session, true)).path("signed_in").asBoolean());
        // The page is told that its session ended, not asked for a bearer token it never sends.
        HttpResponse<String> ended = get("/v1/me", session, true);
        assertEquals(401, ended.statusCode());
        assertEquals(
                "your dashboard session has ended (signed out, expired or forgotten by a restart)",
                json(ended).path("error").path("message").asText());
        assertEquals("sign in again", json(ended).path("error").path("hint").asText());
        // Without the dashboard header the cookie counts for nothing, and API clients send none: their answer is as
        // before.
        assertTrue(json(get("/v1/me", session, false))
                .path("error")
                .path("message")
                .asText()
                .startsWith("missing Authorization: Bearer"));
        assertTrue(json(get("/v1/me", null, true))
                .path("error")
                .path("message")
                .asText()
                .startsWith("missing Authorization: Bearer"));
        // Reads that need nobody signed in still answer a page that holds a dead cookie.
        assertEquals(200, get("/v1/messages", session, true).statusCode());
    }

    @Test
    void aCallbackWithoutItsStateCookieOrWithAProviderErrorSignsNobodyIn() throws Exception {
        HttpResponse<String> login = get("/auth/login", null, false);
        HttpResponse<String> approved = http.send(
                HttpRequest.newBuilder(URI.create(
                                login.headers().firstValue("Location").orElseThrow()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = approved.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> noCookie = send(HttpRequest.newBuilder(URI.create(callback)));
        assertEquals(
                "/?signin_error=invalid_state",
                noCookie.headers().firstValue("Location").orElseThrow());
        assertTrue(noCookie.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(0, oauth.exchanges.get());

        HttpResponse<String> denied = get("/auth/callback?error=access_denied&state=x", null, false);
        assertEquals(
                "/?signin_error=access_denied",
                denied.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aRefusedCodeIsReportedAndSignsNobodyIn() throws Exception {
        HttpResponse<String> login = get("/auth/login", null, false);
        String state = login.headers().firstValue("Location").orElseThrow().replaceAll(".*[?&]state=([^&]+).*", "$1");
        HttpResponse<String> back =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/callback?code=forged&state=" + state))
                        .header("Cookie", cookie(login)));
        assertEquals(
                "/?signin_error=UNAUTHORIZED",
                back.headers().firstValue("Location").orElseThrow());
        assertEquals(1, oauth.refused.get());
    }

    @Test
    void tokenSignInChecksTheTokenAndNeedsTheDashboardHeader() throws Exception {
        HttpRequest.Builder good = HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"tok-bob\"}"));
        assertEquals(422, send(good).statusCode(), "without the dashboard header");
        HttpResponse<String> ok = send(good.header("X-Collab-Dashboard", "1"));
        assertEquals(200, ok.statusCode());
        assertEquals("human-bob", json(ok).path("handle").asText());
        assertFalse(json(ok).path("is_organizer").asBoolean());
        String session = cookie(ok);
        assertEquals(
                "human-bob", json(get("/v1/me", session, true)).path("handle").asText());

        HttpResponse<String> bad =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/token"))
                        .header("X-Collab-Dashboard", "1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"nope\"}")));
        assertEquals(401, bad.statusCode());
        assertTrue(bad.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void cookiesAreSecureWhenTheBrowserCameOverHttpsThroughAProxy() throws Exception {
        // The settings name only http URLs (as a deployment behind an https proxy whose public URL is
        // server.public_url): the proxy's header is what says the browser used https.
        HttpRequest.Builder viaProxy = HttpRequest.newBuilder(
                        env.server.baseUri().resolve("/auth/token"))
                .header("Content-Type", "application/json")
                .header("X-Collab-Dashboard", "1")
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"tok-bob\"}"));
        HttpResponse<String> signedIn = send(viaProxy);
        assertEquals(200, signedIn.statusCode());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.endsWith("; Secure"), setCookie);

        HttpResponse<String> login =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/login"))
                        .header("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"));
        assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().endsWith("; Secure"));

        HttpResponse<String> out =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/logout"))
                        .header("X-Collab-Dashboard", "1")
                        .header("X-Forwarded-Proto", "https")
                        .header("Cookie", cookie(signedIn))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().endsWith("; Secure"));

        // Plain http without a proxy's word keeps the cookie usable on http://127.0.0.1.
        HttpResponse<String> plain =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/auth/token"))
                        .header("Content-Type", "application/json")
                        .header("X-Collab-Dashboard", "1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"tok-bob\"}")));
        assertFalse(plain.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
    }

    @Test
    void polledAnswersCarryAnETagAndUnchangedOnesAre304() throws Exception {
        HttpResponse<String> first = get("/v1/agents", null, false);
        String tag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/v1/agents"))
                        .header("If-None-Match", tag));
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        HttpResponse<String> other =
                send(HttpRequest.newBuilder(env.server.baseUri().resolve("/v1/agents"))
                        .header("If-None-Match", "\"x\""));
        assertEquals(200, other.statusCode());
    }

    @Test
    void settingsArePublishedWithoutTheClientSecret() throws Exception {
        JsonNode s = json(get("/dashboard/settings.json", null, false));
        assertEquals("demo", s.path("title").asText());
        assertEquals("/v1/agent-readme", s.path("agent_readme").asText());
        assertEquals("Hugging Face", s.path("oauth").path("provider_name").asText());
        assertFalse(s.toString().contains(FakeOAuthProvider.CLIENT_SECRET));
    }

    @Test
    void settingsRefuseScriptUrlsAndOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new DashboardLink("x", "javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> new DashboardLink("x", "//evil.example/"));
        assertThrows(IllegalArgumentException.class, () -> new DashboardLink("", "https://example.org"));
        assertEquals("/docs", new DashboardLink("API", "/docs").url());
        assertThrows(
                IllegalArgumentException.class,
                () -> new BaselineRow("b", Double.NaN, Optional.empty(), "", Optional.empty()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BaselineRow("b", 1, Optional.empty(), "", Optional.of("data:text/html,x")));
        assertThrows(IllegalArgumentException.class, () -> DashboardSettings.custom()
                .pollInterval(java.time.Duration.ZERO)
                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> OAuthSettings.huggingFace("id", "secret", URI.create("https://x.example/elsewhere")));
        assertFalse(OAuthSettings.huggingFace("id", "secret", URI.create("https://x.example/auth/callback"))
                .toString()
                .contains("=secret"));
    }

    private HttpResponse<String> get(String path, String cookie, boolean dashboardHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(env.server.baseUri().resolve(path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (dashboardHeader) {
            b.header("X-Collab-Dashboard", "1");
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<String> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }
}
