package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard and exactly-once parts of {@link HttpCall} over a transport-neutral {@link Exchange}. */
class HttpCallTest {
    @Test
    void aBodyIsReadWholeUpToItsLimitAndOneByteMoreIsTooLarge() throws Exception {
        for (int size : new int[] {0, 1, 300, 1023, 1024, 1025, 5000, 20_000}) {
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');
            // a stream that hands out at most 700 bytes a read, as a socket may
            InputStream chunked = new FilterInputStream(new ByteArrayInputStream(body)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 700));
                }
            };
            assertEquals(size, HttpCall.readLimited(chunked, 20_000).length, "size " + size);
            assertTrue(Arrays.equals(body, HttpCall.readLimited(new ByteArrayInputStream(body), size)));
            if (size > 0) {
                var e = assertThrows(
                        CollabException.class, () -> HttpCall.readLimited(new ByteArrayInputStream(body), size - 1));
                assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
            }
        }
    }

    @Test
    void cookiesAreReadFromEveryCookieLine() {
        HttpCall call = call("GET", Map.of("cookie", List.of("a=1; b=2", "collab_session=abc ")));
        assertEquals(Optional.of("2"), call.cookie("b"));
        assertEquals(Optional.of("abc"), call.cookie("collab_session"));
        assertEquals(Optional.empty(), call.cookie("c"));
    }

    @Test
    void anAuthorizationHeaderWinsOverTheSessionBearer() {
        HttpCall session = call("POST", Map.of());
        session.useSessionBearer("from-session");
        assertEquals(Optional.of("from-session"), session.bearer());
        assertEquals(Optional.of("from-session"), session.context().bearer());

        HttpCall header = call("POST", Map.of("authorization", List.of("Bearer from-header")));
        header.useSessionBearer("from-session");
        assertEquals(Optional.of("from-header"), header.bearer());
    }

    @Test
    void theContextCarriesTheIdempotencyKeyAddressAndUserAgent() {
        HttpCall call = call("POST", Map.of("idempotency-key", List.of(" key-1 "), "user-agent", List.of("agent/1.0")));
        assertEquals("POST", call.method());
        assertEquals(Optional.of("key-1"), call.context().idempotencyKey());
        assertEquals("127.0.0.1", call.context().callerIp());
        assertEquals("agent/1.0", call.context().userAgent());
    }

    @Test
    void aRepeatedGetWithTheSameEtagIsNotModified() throws Exception {
        FakeExchange first = new FakeExchange("GET", Map.of());
        new HttpCall(first, Map.of(), 1024).json(200, Map.of("a", 1));
        assertEquals(200, first.status);
        String tag = first.responseHeaders.get("etag");
        assertTrue(tag != null && tag.startsWith("\""), "a strong ETag: " + tag);

        FakeExchange again = new FakeExchange("GET", Map.of("if-none-match", List.of(tag)));
        new HttpCall(again, Map.of(), 1024).json(200, Map.of("a", 1));
        assertEquals(304, again.status);
        assertEquals(0, again.body.length);

        FakeExchange post = new FakeExchange("POST", Map.of("if-none-match", List.of(tag)));
        new HttpCall(post, Map.of(), 1024).json(200, Map.of("a", 1));
        assertEquals(200, post.status, "only GET and HEAD answers are validated");
        assertEquals("{\"a\":1}", new String(post.body, StandardCharsets.UTF_8));
    }

    private static HttpCall call(String method, Map<String, List<String>> headers) {
        return new HttpCall(new FakeExchange(method, headers), Map.of(), 1024);
    }

    /** An exchange in memory; header names are lower case. */
    private static final class FakeExchange implements Exchange {
        private final String method;
        private final Map<String, List<String>> headers;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();
        private int status;
        private byte[] body;

        FakeExchange(String method, Map<String, List<String>> headers) {
            this.method = method;
            this.headers = headers;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String rawPath() {
            return "/v1/messages";
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public Optional<String> requestHeader(String name) {
            return requestHeaders(name).stream().findFirst();
        }

        @Override
        public List<String> requestHeaders(String name) {
            return new ArrayList<>(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public InputStream requestBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void responseHeader(String name, String value) {
            responseHeaders.put(name.toLowerCase(Locale.ROOT), value);
        }

        @Override
        public void send(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }
    }
}
