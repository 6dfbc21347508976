package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.safetensors.TensorBytes;
import dev.agentcollab.inference.spi.BackendOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                DeviceBuffer d = CudaUploads.bf16(Map.of("t", split), "t", rows, cols)) {
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
            var e = assertThrows(CollabException.class, () -> CudaUploads.bf16(Map.of("t", t), "t", 7, 1));
            assertEquals("tensor t has shape [2, 3], config implies [7, 1]", e.getMessage());
            var norm = assertThrows(CollabException.class, () -> CudaUploads.f32(Map.of("t", t), "t", 7));
            assertEquals("tensor t has shape [2, 3], config implies [7]", norm.getMessage());
        }
    }

    @Test
    void aTransposedMatrixOfTheSameSizeIsRefusedNotUploaded() {
        CudaDeviceInfo device = GpuTest.requireGpu();
        Tensor t = Tensor.ofFloats("w", DType.BF16, new float[6], 3, 2);
        try (CudaContext ctx = new CudaContext(device)) {
            var e = assertThrows(CollabException.class, () -> CudaUploads.bf16(Map.of("w", t), "w", 2, 3));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals("tensor w has shape [3, 2], config implies [2, 3]", e.getMessage());
        }
    }

    @Test
    void theBackendRefusesATransposedTargetOrDrafterWeight() {
        GpuTest.requireGpu();
        BackendOptions options = new BackendOptions(32, 4, 1);
        String down = WeightNames.layer(1, "mlp.down_proj.weight");
        Checkpoint base = TinyGemma.target(11);
        Map<String, Tensor> t = new HashMap<>(base.tensors());
        t.put(down, transposed(base.tensor(down)));
        var e = assertThrows(CollabException.class, () -> CudaBackend.open(
                        new Checkpoint(base.config(), t), Optional.empty(), options)
                .close());
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("tensor " + down + " has shape [256, 128], config implies [128, 256]", e.getMessage());

        DrafterCheckpoint drafter = TinyGemma.drafter(12);
        Map<String, Tensor> d = new HashMap<>(drafter.tensors());
        d.put(WeightNames.PRE_PROJECTION, transposed(drafter.tensor(WeightNames.PRE_PROJECTION)));
        var de = assertThrows(CollabException.class, () -> CudaBackend.open(
                        base, Optional.of(new DrafterCheckpoint(drafter.config(), d)), options)
                .close());
        assertEquals(ErrorCode.INVALID_REQUEST, de.code());
        assertEquals(
                "tensor " + WeightNames.PRE_PROJECTION + " has shape [256, 64], config implies [64, 256]",
                de.getMessage());
    }

    private static Tensor transposed(Tensor t) {
        return new Tensor(t.name(), t.dtype(), t.shape().reversed(), t.bytes());
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
