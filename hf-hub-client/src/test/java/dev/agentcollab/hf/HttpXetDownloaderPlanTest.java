package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.hf.xet.XetHash;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A reconstruction whose numbers make no sense is an invalid answer from the CAS, not a crash of the client. */
class HttpXetDownloaderPlanTest {
    private static final XetHash FILE = XetHash.fromHex("01".repeat(32));

    private HttpServer cas;
    private volatile String plan;

    @BeforeEach
    void start() throws IOException {
        cas = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cas.createContext(
                "/v2/reconstructions/", ex -> send(ex, "application/json", plan.getBytes(StandardCharsets.UTF_8)));
        // three stored one-byte chunk records: 'a', 'b', 'c'
        byte[] records = new byte[27];
        for (int i = 0; i < 3; i++) {
            records[9 * i + 1] = 1;
            records[9 * i + 5] = 1;
            records[9 * i + 8] = (byte) ('a' + i);
        }
        cas.createContext("/xorb", ex -> {
            ex.getResponseHeaders().set("Content-Range", "bytes 0-26/27");
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(206, records.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(records);
            }
        });
        cas.start();
    }

    @AfterEach
    void stop() {
        cas.stop(0);
    }

    private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private String reconstruction(long offset, int termStart, int termEnd) {
        String base = "http://127.0.0.1:" + cas.getAddress().getPort();
        String xorb = "02".repeat(32);
        return "{\"offset_into_first_range\":" + offset + ",\"terms\":[{\"hash\":\"" + xorb
                + "\",\"unpacked_length\":2,\"range\":{\"start\":" + termStart + ",\"end\":" + termEnd + "}}],"
                + "\"xorbs\":{\"" + xorb + "\":[{\"url\":\"" + base + "/xorb\",\"ranges\":[{\"chunks\":{\"start\":0,"
                + "\"end\":3},\"bytes\":{\"start\":0,\"end\":26}}]}]}}";
    }

    @Test
    void aTermWhoseChunksRunBackwardsIsAnInvalidResponse() {
        plan = reconstruction(0, 2, 1);
        assertInvalid(() -> downloader().downloadRange(tokens(), FILE, 0, 2));
    }

    @Test
    void aNegativeOffsetIntoTheFirstTermIsAnInvalidResponse() {
        plan = reconstruction(-1, 0, 2);
        assertInvalid(() -> downloader().downloadRange(tokens(), FILE, 0, 2));
    }

    @Test
    void aSensibleReconstructionReads() {
        plan = reconstruction(1, 0, 2);
        assertEquals("b", new String(downloader().downloadRange(tokens(), FILE, 1, 1), StandardCharsets.UTF_8));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        HfHubException e = assertThrows(HfHubException.class, call);
        assertEquals(HfHubException.Kind.INVALID_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("reconstruction"), e.getMessage());
    }

    private static HttpXetDownloader downloader() {
        return new HttpXetDownloader(HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    private XetTokens tokens() {
        return XetTokens.fixed(new XetWriteToken(
                "t",
                URI.create("http://127.0.0.1:" + cas.getAddress().getPort()),
                Instant.now().plusSeconds(3600)));
    }
}
