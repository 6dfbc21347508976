package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns failed Hub and CAS answers into {@link HfHubException}s, the way {@code hf_raise_for_status} classifies
 * them: {@code X-Error-Code} ({@code RepoNotFound}, {@code BucketNotFound}, {@code EntryNotFound}) first, then the
 * status. Keeps the server's message and {@code Retry-After} (seconds or an HTTP-date).
 */
final class HubErrors {
    private HubErrors() {}

    static HfHubException fromResponse(HttpResponse<byte[]> response, Resource resource, String what) {
        return fromAnswer(response.statusCode(), response.headers(), response.body(), resource, what);
    }

    static HfHubException fromAnswer(int status, HttpHeaders headers, byte[] body, Resource resource, String what) {
        String errorCode = headers.firstValue("X-Error-Code").orElse("");
        Optional<String> serverMessage = serverMessage(headers, body);
        String message =
                what + ": HTTP " + status + serverMessage.map(m -> ": " + m).orElse("");
        Kind kind = errorCode.endsWith("NotFound") ? Kind.NOT_FOUND : Kind.ofStatus(status);
        return new HfHubException(
                kind,
                status,
                resource,
                message,
                errorCode.isEmpty() ? null : errorCode,
                serverMessage.orElse(null),
                RetryAfter.of(headers).orElse(null),
                null);
    }

    static HfHubException fromTransport(Exception e, Resource resource, String what) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new HfHubException(Kind.TIMEOUT, 0, resource, what + ": interrupted", null, null, null, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new HfHubException(Kind.TIMEOUT, 0, resource, what + ": timed out", null, null, null, e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new HfHubException(Kind.UNAVAILABLE, 0, resource, what + ": " + detail, null, null, null, e);
    }

    private static Optional<String> serverMessage(HttpHeaders headers, byte[] body) {
        Optional<String> header = headers.firstValue("X-Error-Message");
        if (header.isPresent()) {
            return header;
        }
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = HfJson.MAPPER.readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return Optional.of(error.asText());
            }
            if (error.path("message").isTextual()) {
                return Optional.of(error.path("message").asText());
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text.length() > 300 ? text.substring(0, 300) : text);
    }
}
