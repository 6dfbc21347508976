package dev.agentcollab.hf.buckets;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code HEAD resolve} tells about a file stored in Xet.
 *
 * @param xetHash the {@code X-Xet-Hash} header, empty when the Hub sent none
 * @param authUrl the {@code Link: rel="xet-auth"} route for a Xet read token, when sent (and on the endpoint)
 */
public record HfXetFile(String xetHash, Optional<URI> authUrl) {
    /** Checks for nulls. */
    public HfXetFile {
        Objects.requireNonNull(xetHash, "xetHash");
        Objects.requireNonNull(authUrl, "authUrl");
    }

    /**
     * Whether the Xet reconstruction download can be used.
     *
     * @return {@code true} with both a hash and a token route
     */
    public boolean downloadableByXet() {
        return !xetHash.isEmpty() && authUrl.isPresent();
    }
}
