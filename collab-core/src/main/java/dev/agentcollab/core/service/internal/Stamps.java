package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
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
        } catch (DateTimeException e) {
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
     * {@code YYYYMMDD-HHmmss}, {@code YYYYMMDD-HHmmss-mmm} (padded), or what Python 3.11's
     * {@code datetime.fromisoformat} reads (see {@link #parseIso}): offsets converted to UTC, naive times taken as
     * UTC, a date alone as midnight.
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
        Optional<Instant> t = parseIso(v);
        if (t.isPresent()) {
            return filename(t.get());
        }
        throw CollabException.of(
                ErrorCode.INVALID_QUERY,
                "`" + name + "` must be ISO 8601 or YYYYMMDD-HHmmss[-mmm], got '" + value + "'");
    }

    /**
     * Reads a date or date-time the way Python 3.11's {@code datetime.fromisoformat} does, which is what the
     * reference parses {@code since}/{@code until} with.
     *
     * <p>The date is {@code YYYY-MM-DD}, {@code YYYYMMDD}, or an ISO week date ({@code YYYY-Www}, {@code YYYYWww},
     * {@code YYYY-Www-D}, {@code YYYYWwwD}); any one character may separate it from the time. The time is
     * {@code HH[:MM[:SS]]} or {@code HH[MM[SS]]}, then a fraction after {@code .} or {@code ,} of any number of digits
     * (the first six count), then {@code Z} or an offset {@code ±HH[[:]MM[[:]SS[.ffffff]]]}. A naive value is UTC;
     * an offset of a day or more is refused, and so is an instant that leaves the years 1 to 9999 once in UTC.
     *
     * @param text the text
     * @return the instant, empty when Python would refuse the text
     */
    static Optional<Instant> parseIso(String text) {
        // Python works on the UTF-8 bytes, after turning a non-ASCII character at 7, 8 or 10 (where the separator
        // can stand) into 'T'
        int[] cps = text.codePoints().toArray();
        for (int pos : new int[] {7, 8, 10}) {
            if (pos < cps.length && cps[pos] > 127) {
                cps[pos] = 'T';
                break;
            }
        }
        byte[] utf8 = new String(cps, 0, cps.length).getBytes(StandardCharsets.UTF_8);
        int[] s = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            s[i] = utf8[i] & 0xff;
        }
        int len = s.length;
        if (len < 7) {
            return Optional.empty();
        }
        int sep = isoSeparator(s);
        if (sep < 0 || sep > len) {
            return Optional.empty();
        }
        int[] date = isoDate(s, sep);
        if (date == null || date[0] < 1) {
            return Optional.empty();
        }
        // hour, minute, second, microsecond, offset seconds, offset microseconds
        long[] time = new long[6];
        if (len > sep && !isoTime(s, sep + 1, len, time)) {
            return Optional.empty();
        }
        // an offset of zero whole seconds is UTC, whatever its fraction
        long offsetMicros = time[4] == 0 ? 0 : time[4] * 1_000_000L + time[5];
        if (Math.abs(offsetMicros) >= 86_400_000_000L || time[0] > 23 || time[1] > 59 || time[2] > 59) {
            return Optional.empty();
        }
        LocalDate day;
        try {
            day = LocalDate.of(date[0], date[1], date[2]);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        Instant local = day.atTime((int) time[0], (int) time[1], (int) time[2], (int) time[3] * 1000)
                .toInstant(ZoneOffset.UTC);
        Instant utc = local.minusNanos(offsetMicros * 1000);
        int year = utc.atOffset(ZoneOffset.UTC).getYear();
        return year < 1 || year > 9999 ? Optional.empty() : Optional.of(utc);
    }

    private static int at(int[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Where the date ends: after {@code YYYY-MM-DD} (10), {@code YYYYMMDD} (8) or a week date (7, 8 or 10). */
    private static int isoSeparator(int[] s) {
        int len = s.length;
        if (len == 7) {
            return 7;
        }
        if (at(s, 4) == '-') {
            if (at(s, 5) != 'W') {
                return 10;
            }
            if (len > 8 && s[8] == '-') {
                if (len == 9) {
                    return -1;
                }
                // YYYY-Www-D, unless a digit follows at 10: then the dash at 8 separates YYYY-Www from the time
                return len > 10 && isDigit(s[10]) ? 8 : 10;
            }
            return 8;
        }
        if (at(s, 4) == 'W') {
            int idx = 7;
            while (idx < len && isDigit(s[idx])) {
                idx++;
            }
            if (idx < 9) {
                return idx;
            }
            return idx % 2 == 0 ? 7 : 8; // YYYYWwwD when the run of digits ends at an even index
        }
        return 8;
    }

    /** Reads {@code n} ASCII digits at {@code i}, or -1. */
    private static int digits(int[] s, int i, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            int c = at(s, i + k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The year, month and day of the first {@code end} characters, or {@code null}. */
    private static int[] isoDate(int[] s, int end) {
        int year = digits(s, 0, 4);
        if (year < 0) {
            return null;
        }
        int p = 4;
        boolean dashed = at(s, p) == '-';
        if (dashed) {
            p++;
        }
        if (at(s, p) == 'W') {
            p++;
            int week = digits(s, p, 2);
            if (week < 0) {
                return null;
            }
            p += 2;
            int weekday = 1;
            if (p < end) {
                if (dashed && at(s, p++) != '-') {
                    return null;
                }
                weekday = digits(s, p, 1);
                if (weekday < 0) {
                    return null;
                }
            }
            return isoWeekDate(year, week, weekday);
        }
        int month = digits(s, p, 2);
        if (month < 0) {
            return null;
        }
        p += 2;
        if (dashed && at(s, p++) != '-') {
            return null;
        }
        int day = digits(s, p, 2);
        return day < 0 ? null : new int[] {year, month, day};
    }

    private static int[] isoWeekDate(int year, int week, int weekday) {
        if (year < 1 || year > 9999 || weekday < 1 || weekday > 7) {
            return null;
        }
        LocalDate jan4 = LocalDate.of(year, 1, 4);
        LocalDate week1Monday = jan4.minusDays(jan4.getDayOfWeek().getValue() - 1);
        boolean has53 = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum() == 53;
        if (week < 1 || week > 53 || (week == 53 && !has53)) {
            return null;
        }
        LocalDate d = week1Monday.plusDays((week - 1) * 7L + weekday - 1);
        if (d.getYear() < 1 || d.getYear() > 9999) {
            return null;
        }
        return new int[] {d.getYear(), d.getMonthValue(), d.getDayOfMonth()};
    }

    /**
     * Reads the time from {@code from} to {@code to} into {@code out} (hour, minute, second, microsecond, offset
     * seconds, offset microseconds).
     */
    private static boolean isoTime(int[] s, int from, int to, long[] out) {
        int tz = from;
        do {
            int c = at(s, tz);
            if (c == 'Z' || c == '+' || c == '-') {
                break;
            }
        } while (++tz < to);
        int rv = hhmmssff(s, from, tz, out, 0);
        if (rv < 0) {
            return false;
        }
        if (tz >= to) {
            return rv == 0;
        }
        if (s[tz] == 'Z') {
            return tz + 1 == to;
        }
        long sign = s[tz] == '-' ? -1 : 1;
        long[] off = new long[4];
        if (hhmmssff(s, tz + 1, to, off, 0) != 0) {
            return false;
        }
        out[4] = sign * (off[0] * 3600 + off[1] * 60 + off[2]);
        out[5] = sign * off[3];
        return true;
    }

    /**
     * Reads {@code HH[:?MM[:?SS]][{.,}f+]} from {@code from} to {@code end} into {@code out[base..base+3]}: -1 when
     * malformed, 1 when text other than the end of the string follows, else 0.
     */
    private static int hhmmssff(int[] s, int from, int end, long[] out, int base) {
        int p = from;
        boolean colons = true;
        for (int i = 0; i < 3; i++) {
            int v = digits(s, p, 2);
            if (v < 0) {
                return -1;
            }
            out[base + i] = v;
            p += 2;
            int c = at(s, p++);
            if (i == 0) {
                colons = c == ':';
            }
            if (p >= end) {
                return c != 0 ? 1 : 0;
            } else if (colons && c == ':') {
                continue;
            } else if (c == '.' || c == ',') {
                break;
            } else if (!colons) {
                p--;
            } else {
                return -1;
            }
        }
        int toParse = Math.min(end - p, 6);
        int micros = digits(s, p, toParse);
        if (micros < 0 || toParse == 0) {
            return -1;
        }
        for (int k = toParse; k < 6; k++) {
            micros *= 10;
        }
        out[base + 3] = micros;
        p += toParse;
        while (isDigit(at(s, p))) {
            p++;
        }
        return at(s, p) != 0 ? 1 : 0;
    }
}
