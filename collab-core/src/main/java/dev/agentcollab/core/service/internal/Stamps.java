package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The three UTC time formats of the reference (§1.4) and the list grammar's stamp bounds (§3).
 *
 * <ul>
 *   <li>filename stamp {@code YYYYMMDD-HHMMSS-mmm}: prefix of messages, results and notes;
 *   <li>YAML stamp {@code YYYY-MM-DD HH:MM UTC}: {@code timestamp}, {@code joined}, {@code created}, ...;
 *   <li>ISO stamp {@code YYYY-MM-DDTHH:MM:SS.mmmZ}: {@code generated_at}, audit {@code ts}.
 * </ul>
 */
public final class Stamps {
    /** Length of a filename stamp. */
    public static final int STAMP_LENGTH = 19;

    private static final DateTimeFormatter FILENAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter YAML =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STAMP = Pattern.compile("\\d{8}-\\d{6}-\\d{3}");
    private static final Pattern DAY = Pattern.compile("\\d{8}");
    private static final Pattern SECOND = Pattern.compile("\\d{8}-\\d{6}");

    private Stamps() {}

    /**
     * The filename stamp of an instant.
     *
     * @param t the instant
     * @return {@code YYYYMMDD-HHMMSS-mmm}
     */
    public static String filename(Instant t) {
        return FILENAME.format(t);
    }

    /**
     * The instant of a stamped filename.
     *
     * @param filename a leaf filename
     * @return the instant of its stamp, empty when it has none
     */
    public static Optional<Instant> instantOf(String filename) {
        if (!isStamped(filename)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(FILENAME.parse(filename.substring(0, STAMP_LENGTH))));
        } catch (java.time.DateTimeException e) {
            return Optional.empty(); // digits in the shape of a stamp that is no date, e.g. month 13
        }
    }

    /**
     * The YAML stamp of an instant.
     *
     * @param t the instant
     * @return {@code YYYY-MM-DD HH:MM UTC}
     */
    public static String yaml(Instant t) {
        return YAML.format(t);
    }

    /**
     * The ISO stamp of an instant.
     *
     * @param t the instant
     * @return {@code YYYY-MM-DDTHH:MM:SS.mmmZ}
     */
    public static String iso(Instant t) {
        return ISO.format(t);
    }

    /**
     * Whether a filename starts with a filename stamp.
     *
     * @param filename a leaf filename
     * @return {@code true} for {@code 20260601-100000-000_...}
     */
    public static boolean isStamped(String filename) {
        return filename.length() >= STAMP_LENGTH
                && STAMP.matcher(filename.substring(0, STAMP_LENGTH)).matches();
    }

    /**
     * The stamp part of a filename as compared by {@code since}/{@code until}: its first 19 characters.
     *
     * @param filename a leaf filename
     * @return the prefix
     */
    public static String stampOf(String filename) {
        return filename.length() <= STAMP_LENGTH ? filename : filename.substring(0, STAMP_LENGTH);
    }

    /**
     * Converts a YAML stamp ({@code YYYY-MM-DD HH:MM UTC}) to a filename stamp, for ordering by creation time.
     *
     * @param yamlStamp the YAML stamp
     * @return the filename stamp, or {@code ""} when the text is not a YAML stamp
     */
    public static String yamlToFilename(String yamlStamp) {
        if (yamlStamp == null || !yamlStamp.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC")) {
            return "";
        }
        return yamlStamp.substring(0, 4) + yamlStamp.substring(5, 7) + yamlStamp.substring(8, 10) + "-"
                + yamlStamp.substring(11, 13) + yamlStamp.substring(14, 16) + "00-000";
    }

    /**
     * Parses a {@code since}/{@code until} bound into a filename stamp: compact {@code YYYYMMDD},
     * {@code YYYYMMDD-HHmmss}, {@code YYYYMMDD-HHmmss-mmm} (padded), or any ISO-8601 date or date-time (offsets
     * converted to UTC, naive times taken as UTC, a date alone as midnight).
     *
     * @param name the parameter name, for the error message
     * @param value the value
     * @return the 19-character stamp
     * @throws CollabException {@code INVALID_QUERY} when the value has neither form
     */
    public static String parseBound(String name, String value) {
        String v = value.strip();
        if (STAMP.matcher(v).matches()) {
            return v;
        }
        if (SECOND.matcher(v).matches()) {
            return v + "-000";
        }
        if (DAY.matcher(v).matches()) {
            return v + "-000000-000";
        }
        String iso = v.length() > 10 && v.charAt(10) == ' ' ? v.substring(0, 10) + "T" + v.substring(11) : v;
        try {
            return filename(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the naive forms below
        }
        try {
            return filename(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try a date alone
        }
        try {
            return filename(LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw CollabException.of(
                    ErrorCode.INVALID_QUERY,
                    "`" + name + "` must be ISO 8601 or YYYYMMDD-HHmmss[-mmm], got '" + value + "'");
        }
    }
}
