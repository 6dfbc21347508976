package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.safetensors.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weight upload of tensors spread over several mapped windows, as E4B's 5.6 GB per-layer embedding table is (skipped
 * without a GPU). The tensors here are small but cut into odd segments, and the bf16 one is larger than one staging
 * chunk, so both boundaries fall inside rows.
 */
class CudaUploadsGpuTest {

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"BF16", "F16", "F32"})
    void aTensorOverSeveralSegmentsUploadsAsBf16(DType dtype) {
        CudaDeviceInfo device = GpuTest.requireGpu();
        int rows = dtype == DType.BF16 ? 9 * 1024 + 3 : 301;
        int cols = 1000;
        float[] values = new float[rows * cols];
        SplittableRandom rnd = new SplittableRandom(dtype.ordinal());
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        Tensor whole = Tensor.ofFloats("t", dtype, values, rows, cols);
        Tensor split = new Tensor("t", dtype, whole.shape(), segments(whole.data(), 3 * 8 * 1009));
        assertTrue(split.bytes().segmentCount() > 2);
        try (CudaContext ctx = new CudaContext(device);
                DeviceBuffer d = CudaUploads.bf16(Map.of("t", split), "t", (long) rows * cols)) {
            int[] packed = d.downloadInts(values.length / 2);
            for (int i = 0; i < values.length; i++) {
                short got = (short) (i % 2 == 0 ? packed[i / 2] : packed[i / 2] >>> 16);
                short want = DType.toBf16(dtype.get(whole.data(), i));
                if (got != want) {
                    assertEquals(want, got, "element " + i);
                }
            }
        }
    }

    @Test
    void aTensorOfTheWrongSizeIsRefused() {
        CudaDeviceInfo device = GpuTest.requireGpu();
        Tensor t = Tensor.ofFloats("t", DType.BF16, new float[6], 2, 3);
        try (CudaContext ctx = new CudaContext(device)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.agentcollab.api.error.CollabException.class, () -> CudaUploads.bf16(Map.of("t", t), "t", 7));
            assertEquals(true, e.getMessage().contains("config implies 7"), e.getMessage());
        }
    }

    /** Cuts a buffer into segments of {@code size} bytes (a multiple of 8) plus the rest. */
    private static TensorBytes segments(ByteBuffer data, int size) {
        List<ByteBuffer> parts = new ArrayList<>();
        ByteBuffer all = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < all.limit(); at += size) {
            parts.add(all.slice(at, Math.min(size, all.limit() - at)));
        }
        return TensorBytes.of(parts);
    }
}
