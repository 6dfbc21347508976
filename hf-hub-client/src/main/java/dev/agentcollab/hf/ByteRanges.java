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
 * or a 200 with the whole object, from which the ranges are cut. Stateless.
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
        Map<Long, byte[]> parts = new HashMap<>();
        byte[] body = r.body();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() == 200) {
            for (long[] range : ranges) {
                if (range[1] >= body.length) {
                    throw bad("the object is shorter than a requested range");
                }
                parts.put(range[0], Arrays.copyOfRange(body, (int) range[0], (int) range[1] + 1));
            }
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
        for (long[] range : ranges) {
            byte[] got = parts.get(range[0]);
            if (got == null || got.length != range[1] - range[0] + 1) {
                throw bad("range " + range[0] + "-" + range[1] + " is missing or has the wrong length");
            }
        }
        return parts;
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
