package dev.agentcollab.core.bucket.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link XetUploader} for the simplified content store of the testkit's fake Hub: one
 * {@code PUT {casUrl}/v1/simple-upload} with the whole content, answered with {@code {"xetHash": ...}}.
 *
 * <p><b>Not the real Xet protocol.</b> The Hub's CAS expects content-defined chunks packed into xorbs plus a
 * shard describing the file; that is not implemented here. Against the real Hub this uploader fails with
 * {@code INTERNAL} (not retryable) and says so, so puts of new content do not work there yet (server-side copies, deletes,
 * listings and downloads do). Thread safe.
 */
public final class SimplifiedCasUploader implements XetUploader {
    private final HttpClient http;
    private final Duration timeout;

    /**
     * Creates an uploader.
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout
     */
    public SimplifiedCasUploader(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String upload(XetWriteToken token, byte[] bytes) {
        URI uri = URI.create(token.casUrl() + "/v1/simple-upload");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw HfErrors.fromTransport(e, "upload " + bytes.length + " bytes");
        }
        if (r.statusCode() == 404 || r.statusCode() == 405) {
            // Not retryable: asking again will not make the real CAS speak the simplified protocol.
            throw CollabException.of(
                    ErrorCode.INTERNAL,
                    "the content store at " + token.casUrl() + " does not offer the simplified upload",
                    "uploading to the real Hub needs the Xet protocol, which this SDK does not implement yet;"
                            + " see docs/hf-buckets-protocol.md");
        }
        if (r.statusCode() / 100 != 2) {
            throw HfErrors.fromResponse(r, HfErrors.Subject.BUCKET, "upload " + bytes.length + " bytes");
        }
        try {
            JsonNode node = Json.mapper().readTree(r.body());
            String hash = node.path("xetHash").asText("");
            if (hash.isEmpty()) {
                throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "the content store returned no xetHash");
            }
            return hash;
        } catch (IOException e) {
            throw new CollabException(ErrorCode.UPSTREAM_ERROR, "the content store sent invalid JSON", null, null, e);
        }
    }
}
