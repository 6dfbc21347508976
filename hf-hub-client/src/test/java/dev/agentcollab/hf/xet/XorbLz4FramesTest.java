package dev.agentcollab.hf.xet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.hf.HfHubException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link XorbReader} decodes LZ4 frames as the reference {@code lz4} tool writes them, in both block modes: the
 * checked-in frames of {@code xet/lz4/} (provenance in its README), and fresh ones when the tool is installed.
 */
class XorbLz4FramesTest {
    private static final int SIZE = 70_000;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "linked-64k-content-size.lz4",
                "linked-64k-no-checksum.lz4",
                "independent-64k-block-checksum.lz4",
                "independent-64k-no-checksum.lz4"
            })
    void framesOfTheReferenceToolDecodeAsLz4Chunks(String fixture) throws IOException {
        byte[] frame = resource("xet/lz4/" + fixture);
        assertArrayEquals(input(), decodeOne(1, frame, SIZE));
    }

    @Test
    void aLinkedByteGroupedFrameDecodesAsABg4Chunk() throws IOException {
        byte[] frame = resource("xet/lz4/bg4-linked-64k-no-checksum.lz4");
        assertArrayEquals(input(), decodeOne(2, frame, SIZE));
    }

    @Test
    void theHeaderHuggingfaceJsWritesIsAccepted() throws IOException {
        byte[] frame = resource("xet/lz4/linked-64k-no-checksum.lz4");
        assertEquals(0x40, frame[4] & 0xFF, "FLG without the block-independence bit, as lz4js writes it");
    }

    @Test
    void aWrongContentChecksumIsAnUpstreamError() throws IOException {
        byte[] frame = resource("xet/lz4/linked-64k-content-size.lz4");
        frame[frame.length - 1] ^= 0x55;
        HfHubException e = assertThrows(HfHubException.class, () -> decodeOne(1, frame, SIZE));
        assertEquals(HfHubException.Kind.INVALID_RESPONSE, e.kind());
    }

    @Test
    @Timeout(60)
    void freshFramesOfTheInstalledToolDecodeInBothBlockModes(@TempDir Path dir) throws Exception {
        assumeTrue(lz4Installed(), "the lz4 tool is not installed; the checked-in frames cover this");
        byte[] data = new byte[120_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i * 31) % 251 < 40 ? i / 1000 : 'a' + i % 13);
        }
        Path in = Files.write(dir.resolve("in.bin"), data);
        for (String mode : List.of("-BD", "-BI")) {
            Path out = dir.resolve("out" + mode + ".lz4");
            run("lz4", "-q", "-f", "-B4", mode, in.toString(), out.toString());
            assertArrayEquals(data, decodeOne(1, Files.readAllBytes(out), data.length), mode);
        }
    }

    /** Wraps a frame in one chunk record (scheme 1 = LZ4, 2 = BG4 + LZ4) and decodes it. */
    private static byte[] decodeOne(int scheme, byte[] frame, int length) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0);
        u24(record, frame.length);
        record.write(scheme);
        u24(record, length);
        record.writeBytes(frame);
        return XorbReader.decode(record.toByteArray(), 1).getFirst();
    }

    private static byte[] input() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < SIZE; i++) {
            text.append("line ")
                    .append(i)
                    .append(": the quick brown fox jumps over the lazy dog ")
                    .append(i % 7)
                    .append('\n');
        }
        return text.substring(0, SIZE).getBytes(StandardCharsets.US_ASCII);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = XorbLz4FramesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static boolean lz4Installed() {
        try {
            return run("lz4", "--version") == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStreamSink.INSTANCE);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
            // discard
        }
    }
}
