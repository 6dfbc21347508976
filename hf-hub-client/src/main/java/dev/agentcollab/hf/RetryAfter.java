package dev.agentcollab.hf;

import java.net.http.HttpHeaders;
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
 * The wait a {@code Retry-After} header asks for, in either form RFC 9110 (section 10.2.3) allows: a number of
 * seconds, or an HTTP-date, which is read against the answer's own {@code Date} header when it has one (both come
 * from the server's clock, so a skewed local clock does not matter), else against this machine's clock. A date in the
 * past asks for no wait; any other value (a negative or fractional number, text) is ignored. Used for the Hub's
 * answers ({@link HfHubException#retryAfter()}) and by the collab API client.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait an answer's {@code Retry-After} header asks for.
     *
     * @param headers the answer's headers
     * @return the wait; empty when the header is missing or is neither a number of seconds nor an HTTP-date
     */
    public static Optional<Duration> of(HttpHeaders headers) {
        return of(headers, Instant.now());
    }

    static Optional<Duration> of(HttpHeaders headers, Instant now) {
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
        Instant base = headers.firstValue("Date").flatMap(RetryAfter::httpDate).orElse(now);
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
