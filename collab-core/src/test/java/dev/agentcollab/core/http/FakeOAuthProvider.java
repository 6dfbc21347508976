package dev.agentcollab.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: an OAuth 2.0 provider on loopback that behaves like Hugging Face's for the authorisation-code flow
 * with PKCE. {@code /oauth/authorize} approves at once and redirects back with a one-time code; {@code
 * /oauth/token} checks the client's basic credentials, the code, the redirect URI and the PKCE verifier, and
 * answers the access token it was created with.
 */
final class FakeOAuthProvider implements AutoCloseable {
    static final String CLIENT_ID = "dashboard-client";
    static final String CLIENT_SECRET = "dashboard-secret";

    private record Grant(String redirectUri, String challenge) {}

    private final HttpServer server;
    private final String accessToken;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    final AtomicInteger exchanges = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    FakeOAuthProvider(String accessToken) throws IOException {
        this.accessToken = accessToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth/authorize", this::authorize);
        server.createContext("/oauth/token", this::token);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    OAuthSettings settings(URI redirectUri) {
        return new OAuthSettings(
                CLIENT_ID,
                CLIENT_SECRET,
                base().resolve("/oauth/authorize"),
                base().resolve("/oauth/token"),
                redirectUri,
                java.util.List.of("openid", "profile"),
                "Hugging Face");
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id"))
                || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method"))) {
            send(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge")));
        String location = q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        exchanges.incrementAndGet();
        Map<String, String> f = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Grant grant = codes.remove(f.getOrDefault("code", ""));
        boolean ok = "POST".equals(ex.getRequestMethod())
                && basic.equals(ex.getRequestHeaders().getFirst("Authorization"))
                && "authorization_code".equals(f.get("grant_type"))
                && grant != null
                && grant.redirectUri().equals(f.get("redirect_uri"))
                && grant.challenge().equals(s256(f.getOrDefault("code_verifier", "")));
        if (!ok) {
            refused.incrementAndGet();
            send(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        send(ex, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
    }

    private static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
