package dev.agentcollab.inference.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensors larger than the mapping window are read through several mapped windows, bit for bit. */
class LargeTensorWindowsTest {
    @TempDir
    Path dir;

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private List<Tensor> writeSample(Path file) {
        List<Tensor> tensors = List.of(
                Tensor.ofFloats("odd_bf16", DType.BF16, random(3 * 7, 1), 3, 7),
                Tensor.ofFloats("big_bf16", DType.BF16, random(37 * 29, 2), 37, 29),
                Tensor.ofFloats("big_f16", DType.F16, random(11 * 13, 3), 11, 13),
                Tensor.ofFloats("big_f32", DType.F32, random(17 * 9, 4), 17, 9),
                Tensor.ofInts("ids", DType.I64, new int[] {5, -3, 7}, 3));
        SafetensorsWriter.write(file, tensors, Map.of());
        return tensors;
    }

    @Test
    void tensorsLargerThanTheWindowReadIdenticallyToOneMapping() {
        Path file = dir.resolve("m.safetensors");
        List<Tensor> written = writeSample(file);
        SafetensorsFile whole = SafetensorsFile.read(file);
        for (long window : new long[] {8, 24, 64, 1000}) {
            SafetensorsFile windowed = SafetensorsFile.read(file, window);
            for (Tensor w : written) {
                Tensor t = windowed.require(w.name());
                assertEquals(w.bytes().size(), t.bytes().size());
                long expectedSegments = Math.max(1, (w.bytes().size() + window - 1) / window);
                assertEquals(expectedSegments, t.bytes().segmentCount(), w.name() + " window " + window);
                if (w.dtype() == DType.I64) {
                    assertArrayEquals(w.toInts(), windowed.require("ids").toInts());
                } else {
                    assertArrayEquals(w.toFloats(), t.toFloats(), w.name() + " window " + window);
                    assertArrayEquals(whole.require(w.name()).toFloats(), t.toFloats());
                }
            }
        }
        Tensor big = SafetensorsFile.read(file, 64).require("big_bf16");
        assertTrue(big.bytes().size() > 64);
        assertThrows(IllegalStateException.class, big::data, "one buffer cannot view several windows");
    }

    @Test
    void bulkReadsCrossWindowBoundariesAtAnyElement() {
        Path file = dir.resolve("m.safetensors");
        writeSample(file);
        TensorBytes one = SafetensorsFile.read(file).require("big_bf16").bytes();
        TensorBytes many = SafetensorsFile.read(file, 16).require("big_bf16").bytes();
        assertEquals(1, one.segmentCount());
        int n = 37 * 29;
        for (int start : new int[] {0, 1, 3, 7, 8, 29, n - 5}) {
            int len = Math.min(53, n - start);
            short[] a = new short[len];
            short[] b = new short[len + 2];
            one.getShorts(2L * start, a, 0, len);
            many.getShorts(2L * start, b, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[i], b[i + 2], "element " + (start + i));
            }
            float[] fa = new float[len];
            float[] fb = new float[len];
            one.getValues(DType.BF16, start, fa, 0, len);
            many.getValues(DType.BF16, start, fb, 0, len);
            assertArrayEquals(fa, fb);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> many.getShorts(2L * n - 2, new short[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> many.getShorts(1, new short[1], 0, 1));
    }

    @Test
    void windowedTensorsWriteBackByteForByte() throws IOException {
        Path file = dir.resolve("m.safetensors");
        writeSample(file);
        SafetensorsFile windowed = SafetensorsFile.read(file, 40);
        Path copy = dir.resolve("copy.safetensors");
        SafetensorsWriter.write(copy, windowed.tensors().values(), Map.of());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy));
    }

    @Test
    void rejectsWindowsThatAreNotPositiveMultiplesOfEight() {
        Path file = dir.resolve("m.safetensors");
        writeSample(file);
        for (long bad : new long[] {0, 4, 12, SafetensorsFile.MAX_WINDOW_BYTES + 8}) {
            assertThrows(IllegalArgumentException.class, () -> SafetensorsFile.read(file, bad), "window " + bad);
        }
        assertEquals(0, SafetensorsFile.MAX_WINDOW_BYTES % 8);
    }

    @Test
    void innerSegmentsMustKeepElementsWhole() {
        var seg = java.nio.ByteBuffer.allocate(6);
        assertThrows(IllegalArgumentException.class, () -> TensorBytes.of(List.of(seg, seg)));
    }
}
