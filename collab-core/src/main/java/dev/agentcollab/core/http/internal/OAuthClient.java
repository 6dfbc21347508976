package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.OAuthSettings;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server's side of the OAuth 2.0 authorisation-code flow with PKCE (RFC 6749 §4.1, RFC 7636): builds the
 * authorisation URL and exchanges a code for an access token at the provider's token endpoint (client secret
 * sent with HTTP basic authentication). Thread safe.
 */
public final class OAuthClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final OAuthSettings settings;
    private final HttpClient http;

    /**
     * Creates a client.
     *
     * @param settings the provider and app settings
     */
    public OAuthClient(OAuthSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public OAuthSettings settings() {
        return settings;
    }

    /**
     * The provider URL to send the browser to.
     *
     * @param state the anti-forgery state
     * @param verifier the PKCE verifier (its S256 challenge is sent)
     * @return the URL
     */
    public URI authorizeUrl(String state, String verifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", settings.redirectUri().toString());
        q.put("scope", String.join(" ", settings.scopes()));
        q.put("state", state);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        String base = settings.authorizeUri().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + form(q));
    }

    /**
     * Exchanges an authorisation code for an access token.
     *
     * @param code the code from the callback
     * @param verifier the PKCE verifier of this sign-in
     * @return the access token
     * @throws CollabException {@code UNAUTHORIZED} when the provider refuses the code, {@code UPSTREAM_ERROR}
     *     when it cannot be reached or answers nonsense
     */
    public String exchange(String code, String verifier) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code);
        f.put("redirect_uri", settings.redirectUri().toString());
        f.put("client_id", settings.clientId());
        f.put("code_verifier", verifier);
        HttpRequest.Builder req = HttpRequest.newBuilder(settings.tokenUri())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(f)));
        if (!settings.clientSecret().isEmpty()) {
            String basic = enc(settings.clientId()) + ":" + enc(settings.clientSecret());
            req.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CollabException.of(
                    ErrorCode.UPSTREAM_ERROR, "the sign-in provider cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.UNAVAILABLE, "interrupted while signing in");
        }
        if (res.statusCode() == 400 || res.statusCode() == 401) {
            throw CollabException.of(ErrorCode.UNAUTHORIZED, "the sign-in provider refused the code", "sign in again");
        }
        if (res.statusCode() != 200) {
            throw CollabException.of(
                    ErrorCode.UPSTREAM_ERROR, "the sign-in provider answered HTTP " + res.statusCode());
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(res.body());
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "the sign-in provider answered malformed JSON");
        }
        String token = body.path("access_token").asText("");
        if (token.isBlank()) {
            throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "the sign-in provider sent no access_token");
        }
        return token;
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
