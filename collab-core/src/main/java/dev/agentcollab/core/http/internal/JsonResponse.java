package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A JSON answer serialised once: its bytes and, computed on first use and then kept, its strong {@code ETag} (the
 * first 128 bits of the bytes' SHA-256, quoted), so that an answer served many times ({@link RenderedResponses})
 * is neither serialised nor hashed again. Immutable in effect (the tag is a pure function of the bytes); thread
 * safe.
 */
public final class JsonResponse {
    private final byte[] bytes;
    private volatile String etag;

    private JsonResponse(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * Serialises a value with {@link Json#mapper()}.
     *
     * @param value the value
     * @return the answer
     * @throws IllegalStateException when the value cannot be serialised (a server bug, answered 500)
     */
    public static JsonResponse of(Object value) {
        try {
            return new JsonResponse(Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    /**
     * An answer serialised by the caller, e.g. kept bytes with one value written over ({@link LeaderboardResponses}).
     *
     * @param bytes the JSON bytes, owned by the answer from now on
     * @return the answer
     */
    static JsonResponse serialised(byte[] bytes) {
        return new JsonResponse(bytes);
    }

    /**
     * The serialised bytes; callers MUST NOT modify them.
     *
     * @return the bytes
     */
    byte[] bytes() {
        return bytes;
    }

    /**
     * The strong validator over the exact bytes.
     *
     * @return the quoted tag
     */
    public String etag() {
        String tag = etag;
        if (tag == null) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
                tag = "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
            etag = tag;
        }
        return tag;
    }
}
