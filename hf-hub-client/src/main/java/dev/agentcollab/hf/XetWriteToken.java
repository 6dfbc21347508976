package dev.agentcollab.hf;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A short-lived credential for Xet content storage, from {@code GET /api/buckets/{id}/xet-write-token} (write)
 * or from a file's {@code rel="xet-auth"} route (read; same JSON shape).
 *
 * @param accessToken the bearer token for the CAS server ({@code accessToken})
 * @param casUrl the CAS server base URL ({@code casUrl})
 * @param expiresAt when the token expires ({@code exp}, Unix seconds)
 */
public record XetWriteToken(String accessToken, URI casUrl, Instant expiresAt) {
    /** Checks for nulls. */
    public XetWriteToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(casUrl, "casUrl");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "XetWriteToken[casUrl=" + casUrl + ", expiresAt=" + expiresAt + "]";
    }
}
