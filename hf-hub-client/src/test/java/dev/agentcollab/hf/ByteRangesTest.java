package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** How the answer to a (multi-)range GET of xorb bytes is split into the ranges asked for. */
class ByteRangesTest {
    private static final byte[] OBJECT = new byte[300];

    static {
        for (int i = 0; i < OBJECT.length; i++) {
            OBJECT[i] = (byte) i;
        }
    }

    @Test
    void eachRangeOfAMultipartAnswer() {
        byte[] body = multipart(new long[] {0, 99}, new long[] {200, 249});
        Map<Long, byte[]> parts = ByteRanges.split(
                answer(206, body, "Content-Type", "multipart/byteranges; boundary=B"),
                List.of(new long[] {0, 99}, new long[] {200, 249}));
        assertArrayEquals(slice(0, 99), parts.get(0L));
        assertArrayEquals(slice(200, 249), parts.get(200L));
    }

    @Test
    void rangesTheServerCoalescedIntoOnePartAreCutFromIt() {
        // RFC 9110 14.2: a server may coalesce ranges that touch or are close into one, and answer it as a
        // single-part 206 or as one part of a multipart answer
        List<long[]> asked = List.of(new long[] {0, 99}, new long[] {100, 149}, new long[] {160, 199});
        Map<Long, byte[]> single =
                ByteRanges.split(answer(206, slice(0, 199), "Content-Range", "bytes 0-199/300"), asked);
        assertArrayEquals(slice(0, 99), single.get(0L));
        assertArrayEquals(slice(100, 149), single.get(100L));
        assertArrayEquals(slice(160, 199), single.get(160L));
        Map<Long, byte[]> parts = ByteRanges.split(
                answer(
                        206,
                        multipart(new long[] {0, 149}, new long[] {160, 199}),
                        "Content-Type",
                        "multipart/byteranges; boundary=B"),
                asked);
        assertArrayEquals(slice(100, 149), parts.get(100L));
        assertArrayEquals(slice(160, 199), parts.get(160L));
    }

    @Test
    void aWholeObjectAnswerIsCutAndAShortOneRefused() {
        Map<Long, byte[]> parts = ByteRanges.split(answer(200, OBJECT), List.of(new long[] {10, 19}));
        assertArrayEquals(slice(10, 19), parts.get(10L));
        HfHubException e = assertThrows(
                HfHubException.class, () -> ByteRanges.split(answer(200, slice(0, 99)), List.of(new long[] {50, 149})));
        assertEquals(HfHubException.Kind.INVALID_RESPONSE, e.kind());
    }

    @Test
    void aMissingOrShortRangeIsAnInvalidResponse() {
        List<long[]> asked = List.of(new long[] {0, 99}, new long[] {200, 249});
        assertThrows(
                HfHubException.class,
                () -> ByteRanges.split(answer(206, slice(0, 99), "Content-Range", "bytes 0-99/300"), asked));
        assertThrows(
                HfHubException.class,
                () -> ByteRanges.split(
                        answer(206, slice(0, 49), "Content-Range", "bytes 0-99/300"), List.of(new long[] {0, 99})));
    }

    private static byte[] slice(int from, int to) {
        return Arrays.copyOfRange(OBJECT, from, to + 1);
    }

    private static byte[] multipart(long[]... ranges) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long[] r : ranges) {
            out.writeBytes(("\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes " + r[0] + "-"
                            + r[1] + "/300\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(slice((int) r[0], (int) r[1]));
        }
        out.writeBytes("\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> answer(int status, byte[] body, String... headers) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        HttpHeaders h = HttpHeaders.of(map, (k, v) -> true);
        URI uri = URI.create("http://cas.invalid/xorb");
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(uri).build();
            }

            @Override
            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return h;
            }

            @Override
            public byte[] body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
