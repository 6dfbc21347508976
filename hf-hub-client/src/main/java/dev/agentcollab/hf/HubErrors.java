package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
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
                retryAfter(headers).orElse(null),
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

    /**
     * The wait a {@code Retry-After} header asks for, in either form RFC 9110 (section 10.2.3) allows: a number of
     * seconds, or an HTTP-date, which is read against the answer's own {@code Date} header when it has one (both
     * come from the server's clock, so a skewed local clock does not matter), else against this machine's clock. A
     * date in the past asks for no wait.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return retryAfter(headers, Instant.now());
    }

    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long holds
            }
        }
        Optional<Instant> at = httpDate(v);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Instant base = headers.firstValue("Date").flatMap(HubErrors::httpDate).orElse(now);
        Duration wait = Duration.between(base, at.get());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** An HTTP-date: IMF-fixdate, or the obsolete RFC 850 and asctime forms recipients must also accept. */
    private static Optional<Instant> httpDate(String text) {
        String v = text.strip();
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                return Optional.of(ZonedDateTime.parse(v, f).toInstant());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC),
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("EEE MMM")
                    .appendLiteral(' ')
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .appendPattern("d HH:mm:ss yyyy")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC));
}
