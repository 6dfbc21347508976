package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A xorb upload over a link slower than its size divided by the request timeout: the timeout runs until the
 * answer's headers, so it includes sending the body, and an upload's deadline must grow with the body.
 */
@Timeout(60)
class HttpXetUploaderSlowLinkTest {
    private static final int BYTES_PER_SECOND = 1024 * 1024;

    private HttpServer cas;
    private final AtomicLong xorbBytes = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        cas = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a CAS behind a link of about 1 MiB/s: it reads each body at that pace before it answers
        cas.createContext("/v1/xorbs/", ex -> answer(ex, 200, "application/json", "{\"was_inserted\":true}"));
        cas.createContext("/v2/shards", ex -> answer(ex, 200, "application/x-ndjson", "{\"type\":\"result\"}\n"));
        cas.start();
    }

    @AfterEach
    void stop() {
        cas.stop(0);
    }

    private void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        long read = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                read += n;
                try {
                    Thread.sleep(n * 1000L / BYTES_PER_SECOND);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (ex.getRequestURI().getPath().startsWith("/v1/xorbs/")) {
            xorbBytes.addAndGet(read);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void anUploadLongerThanTheRequestTimeoutFinishesOnASlowLink() {
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(content); // incompressible, so the xorb is as large as the content
        XetTokens tokens = XetTokens.fixed(new XetWriteToken(
                "cas-token",
                URI.create("http://127.0.0.1:" + cas.getAddress().getPort()),
                Instant.now().plus(Duration.ofHours(1))));
        HttpXetUploader uploader = new HttpXetUploader(HttpClient.newHttpClient(), Duration.ofSeconds(1));
        long start = System.nanoTime();
        String hash = uploader.upload(tokens, content);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(64, hash.length());
        assertTrue(xorbBytes.get() > content.length, "the whole xorb arrived: " + xorbBytes.get());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) > 0, "longer than the request timeout: " + took);
    }

    @Test
    void anUploadsDeadlineIsTheTimeoutPlusItsBodyAt64KiBPerSecond() {
        assertEquals(Duration.ofSeconds(30), XetCas.uploadTimeout(Duration.ofSeconds(30), 0));
        assertEquals(Duration.ofSeconds(31), XetCas.uploadTimeout(Duration.ofSeconds(30), 64 * 1024));
        assertEquals(Duration.ofSeconds(30 + 1024), XetCas.uploadTimeout(Duration.ofSeconds(30), 64L * 1024 * 1024));
    }
}
