package dev.agentcollab.inference.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private static final float[] VALUES = {0f, 1f, -1.5f, 3.140625f, 65504f, -0.0009765625f, 1e-3f, 123.456f};

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F16", "BF16"})
    void floatTensorsRoundTripThroughAFile(DType dtype) {
        Tensor t = Tensor.ofFloats("w", dtype, VALUES, 2, 4);
        Tensor idx = Tensor.ofInts("ordering", DType.I64, new int[] {3, 1, 2, 0}, 4);
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(t, idx), Map.of("format", "pt"));
        SafetensorsFile read = SafetensorsFile.read(file);
        assertEquals(Map.of("format", "pt"), read.metadata());
        Tensor back = read.require("w");
        assertEquals(dtype, back.dtype());
        assertEquals(List.of(2, 4), back.shape());
        assertArrayEquals(t.toFloats(), back.toFloats());
        assertArrayEquals(new int[] {3, 1, 2, 0}, read.require("ordering").toInts());
        float[] decoded = back.toFloats();
        for (int i = 0; i < VALUES.length; i++) {
            double tol =
                    switch (dtype) {
                        case F32 -> 0;
                        case F16 -> Math.abs(VALUES[i]) / 1024 + 1e-7;
                        default -> Math.abs(VALUES[i]) / 128 + 1e-30;
                    };
            assertEquals(VALUES[i], decoded[i], tol, dtype + " value " + i);
        }
    }

    @Test
    void conversionsMatchKnownBitPatterns() {
        assertEquals((short) 0x3f80, DType.toBf16(1.0f));
        assertEquals((short) 0x4049, DType.toBf16(3.140625f));
        // round to nearest even: 1 + 2^-8 lies halfway between bf16 1.0 and 1.0078125
        assertEquals((short) 0x3f80, DType.toBf16(Float.intBitsToFloat(0x3f808000)));
        assertEquals((short) 0x3f82, DType.toBf16(Float.intBitsToFloat(0x3f818000)));
        ByteBuffer buf = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        DType.F16.put(buf, 0, 1.0f);
        assertEquals((short) 0x3c00, buf.getShort(0));
    }

    @Test
    void headerIsPaddedToEightBytesAndOffsetsAreContiguous() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        SafetensorsWriter.write(
                file,
                List.of(
                        Tensor.ofFloats("a", DType.F32, new float[3], 3),
                        Tensor.ofFloats("bb", DType.BF16, new float[5], 5)),
                Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + headerLen) % 8);
        assertEquals(8 + headerLen + 12 + 10, bytes.length);
    }

    @Test
    void malformedAndMissingFilesFailWithCodes() throws IOException {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {100, 0, 0, 0, 0, 0, 0, 0, '{'});
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> SafetensorsFile.read(bad))
                        .code());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(CollabException.class, () -> SafetensorsFile.read(dir.resolve("none.safetensors")))
                        .code());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats("x", DType.F32, new float[3], 2, 2));
    }
}
