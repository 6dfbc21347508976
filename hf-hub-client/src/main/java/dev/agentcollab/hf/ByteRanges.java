package dev.agentcollab.hf;

import dev.agentcollab.hf.HfHubException.Resource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the answer to a (multi-)range GET into the requested ranges (RFC 9110 §14): a 206 with one
 * {@code Content-Range}, a 206 {@code multipart/byteranges} body whose parts each carry a {@code Content-Range},
 * or a 200 with the whole object. Each requested range is cut from the part that holds it, so an answer whose server
 * coalesced neighbouring ranges into one part (RFC 9110 section 14.2 allows it) reads as well. Stateless.
 */
final class ByteRanges {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?i)bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";]+)\"?");

    private ByteRanges() {}

    /**
     * The bytes of each requested range, by range start.
     *
     * @param r the answer
     * @param ranges the requested inclusive ranges, as {@code {start, end}}
     * @return the bytes of every requested range
     * @throws HfHubException {@code INVALID_RESPONSE} when a range is missing or has the wrong length
     */
    static Map<Long, byte[]> split(HttpResponse<byte[]> r, List<long[]> ranges) {
        // What came back, by first byte. A server may coalesce requested ranges that touch or lie close together
        // into one part (RFC 9110 section 14.2), so a requested range is cut from whichever part holds it.
        Map<Long, byte[]> parts = new HashMap<>();
        byte[] body = r.body();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() == 200) {
            parts.put(0L, body);
        } else if (type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/byteranges")) {
            multipart(body, type, parts);
        } else {
            long start = r.headers()
                    .firstValue("Content-Range")
                    .map(CONTENT_RANGE::matcher)
                    .filter(Matcher::find)
                    .map(m -> Long.parseLong(m.group(1)))
                    .orElse(ranges.size() == 1 ? ranges.getFirst()[0] : -1);
            parts.put(start, body);
        }
        Map<Long, byte[]> out = new HashMap<>();
        for (long[] range : ranges) {
            byte[] got = cut(parts, range);
            if (got == null) {
                throw bad(
                        r.statusCode() == 200
                                ? "the object is shorter than a requested range"
                                : "range " + range[0] + "-" + range[1] + " is missing or has the wrong length");
            }
            out.put(range[0], got);
        }
        return out;
    }

    /** The bytes of an inclusive range, from the part that holds all of it; {@code null} when none does. */
    private static byte[] cut(Map<Long, byte[]> parts, long[] range) {
        byte[] exact = parts.get(range[0]);
        if (exact != null && exact.length == range[1] - range[0] + 1) {
            return exact;
        }
        for (Map.Entry<Long, byte[]> p : parts.entrySet()) {
            long start = p.getKey();
            long end = start + p.getValue().length - 1;
            if (start >= 0 && start <= range[0] && range[1] <= end) {
                return Arrays.copyOfRange(p.getValue(), (int) (range[0] - start), (int) (range[1] - start) + 1);
            }
        }
        return null;
    }

    private static void multipart(byte[] body, String type, Map<Long, byte[]> parts) {
        Matcher b = BOUNDARY.matcher(type);
        if (!b.find()) {
            throw bad("a multipart answer without boundary");
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (headersStart + 2 <= body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                return;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            if (headersEnd < 0) {
                throw bad("a truncated multipart part");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1);
            Optional<Matcher> range = headers.lines()
                    .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-range:"))
                    .map(l -> CONTENT_RANGE.matcher(l))
                    .filter(Matcher::find)
                    .findFirst();
            if (range.isEmpty()) {
                throw bad("a multipart part without Content-Range");
            }
            long start = Long.parseLong(range.get().group(1));
            long end = Long.parseLong(range.get().group(2));
            int dataStart = headersEnd + 4;
            long dataEnd = dataStart + end - start + 1;
            if (end < start || dataEnd > body.length) {
                throw bad("a truncated multipart part");
            }
            parts.put(start, Arrays.copyOfRange(body, dataStart, (int) dataEnd));
            at = indexOf(body, delimiter, (int) dataEnd);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static HfHubException bad(String detail) {
        return HfHubException.invalidResponse(Resource.FILE, "Xet download: " + detail, null);
    }
}
