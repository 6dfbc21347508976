package dev.agentcollab.core.http;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * "Sign in with Hugging Face" for the dashboard: an OAuth 2.0 authorisation-code flow with PKCE in which the
 * server exchanges the code for an access token and keeps it in a server-side session (the browser only holds
 * an opaque, {@code HttpOnly} session cookie). The access token then authenticates the dashboard's API calls, so
 * the deployment's identity provider must accept it (the Hub identity provider does: it calls whoami with it).
 *
 * <p>Defaults ({@link #huggingFace}) point at {@code https://huggingface.co/oauth/authorize} and
 * {@code /oauth/token} with the scopes {@code openid profile}; tests point them at a fake provider on loopback.
 *
 * @param clientId the OAuth app's client id
 * @param clientSecret the OAuth app's client secret (sent with HTTP basic authentication to the token endpoint;
 *     never sent to browsers); empty for a public client
 * @param authorizeUri the provider's authorisation endpoint
 * @param tokenUri the provider's token endpoint
 * @param redirectUri this server's public callback, ending in {@code /auth/callback}; must match the one
 *     registered with the provider
 * @param scopes the scopes requested
 * @param providerName the name on the sign-in button, e.g. {@code Hugging Face}
 */
public record OAuthSettings(
        String clientId,
        String clientSecret,
        URI authorizeUri,
        URI tokenUri,
        URI redirectUri,
        List<String> scopes,
        String providerName) {
    /** Validates every field. */
    public OAuthSettings {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(authorizeUri, "authorizeUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(providerName, "providerName");
        scopes = List.copyOf(scopes);
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        for (URI u : List.of(authorizeUri, tokenUri, redirectUri)) {
            String s = u.getScheme();
            if (!u.isAbsolute() || !("https".equals(s) || "http".equals(s))) {
                throw new IllegalArgumentException("OAuth URIs must be absolute http(s), but was " + u);
            }
        }
        if (!redirectUri.getPath().endsWith("/auth/callback")) {
            throw new IllegalArgumentException("redirectUri must end with /auth/callback, but was " + redirectUri);
        }
    }

    /**
     * Hugging Face's OAuth endpoints with scopes {@code openid profile}.
     *
     * @param clientId the OAuth app's client id
     * @param clientSecret its secret
     * @param redirectUri this server's public {@code .../auth/callback}
     * @return the settings
     */
    public static OAuthSettings huggingFace(String clientId, String clientSecret, URI redirectUri) {
        return new OAuthSettings(
                clientId,
                clientSecret,
                URI.create("https://huggingface.co/oauth/authorize"),
                URI.create("https://huggingface.co/oauth/token"),
                redirectUri,
                List.of("openid", "profile"),
                "Hugging Face");
    }

    @Override
    public String toString() {
        return "OAuthSettings[clientId=" + clientId + ", authorizeUri=" + authorizeUri + ", tokenUri=" + tokenUri
                + ", redirectUri=" + redirectUri + ", scopes=" + scopes + ", clientSecret=***]";
    }
}
