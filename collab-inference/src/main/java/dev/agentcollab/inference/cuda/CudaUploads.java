package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.RopeConfig;
import dev.agentcollab.inference.model.WeightShapes;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.safetensors.TensorBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import jcuda.Pointer;

/**
 * Moves checkpoint tensors to the device: projection and embedding matrices as bf16 (BF16 tensors are copied bit for
 * bit, F32/F16 ones rounded to nearest-even), norm vectors as fp32, and the RoPE cos/sin tables computed exactly as
 * the CPU backend computes them. Copies read the tensor's bytes window by window through one direct staging buffer, so
 * tensors over 2 GiB (spread over several mapped windows) upload like any other and never need a Java array of their
 * size.
 */
final class CudaUploads {

    private static final int STAGING_BYTES = 16 << 20;

    private CudaUploads() {}

    /**
     * A required tensor as a bf16 device matrix.
     *
     * @param tensors the checkpoint's tensors
     * @param name canonical name
     * @param rows the rows (output features) the config implies
     * @param cols the columns (input features) the config implies
     * @return the device buffer
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the tensor is not a float {@code [rows, cols]}
     *     matrix ({@link WeightShapes#matrix})
     */
    static DeviceBuffer bf16(Map<String, Tensor> tensors, String name, int rows, int cols) {
        Tensor t = WeightShapes.matrix(require(tensors, name), rows, cols);
        DeviceBuffer buffer = new DeviceBuffer(Math.max(1, t.numel()) * 2);
        try {
            upload(t, buffer);
        } catch (RuntimeException | Error e) {
            buffer.close();
            throw e;
        }
        return buffer;
    }

    /**
     * Copies a tensor of any size (several mapped windows included, e.g. E4B's 5.6 GB per-layer embedding table) as
     * bf16 into {@code buffer}, one staging chunk at a time.
     */
    private static void upload(Tensor t, DeviceBuffer buffer) {
        TensorBytes src = t.bytes();
        long total = t.numel();
        int perChunk = STAGING_BYTES / 2;
        // Sized to the tensor: most tensors are far below one chunk, and a direct buffer is zeroed when allocated.
        short[] bits = new short[(int) Math.min(perChunk, total)];
        ByteBuffer staging = ByteBuffer.allocateDirect(bits.length * 2).order(ByteOrder.nativeOrder());
        float[] values = t.dtype() == DType.BF16 ? null : new float[bits.length];
        for (long start = 0; start < total; start += perChunk) {
            int n = (int) Math.min(perChunk, total - start);
            if (values == null) {
                src.getShorts(start * 2, bits, 0, n);
            } else {
                src.getValues(t.dtype(), start, values, 0, n);
                for (int i = 0; i < n; i++) {
                    bits[i] = DType.toBf16(values[i]);
                }
            }
            staging.clear();
            staging.asShortBuffer().put(bits, 0, n);
            cuMemcpyHtoD(buffer.at(start * 2), Pointer.to(staging), (long) n * 2);
        }
    }

    /**
     * A required tensor as an fp32 device vector (norm weights).
     *
     * @param tensors the checkpoint's tensors
     * @param name canonical name
     * @param length the length the config implies
     * @return the device buffer
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when the tensor is not a float vector of
     *     {@code length} values ({@link WeightShapes#vector})
     */
    static DeviceBuffer f32(Map<String, Tensor> tensors, String name, int length) {
        return DeviceBuffer.of(
                WeightShapes.vector(require(tensors, name), length).toFloats());
    }

    /**
     * cos and sin of {@code position * inverseFrequency} for every position and pair, like the CPU RoPE table.
     *
     * @param rope the layer type's RoPE
     * @param headDim the head dimension
     * @param maxPositions positions to tabulate
     * @return {cos, sin} device tables of {@code maxPositions * headDim / 2} floats
     */
    static DeviceBuffer[] ropeTables(RopeConfig rope, int headDim, int maxPositions) {
        int half = headDim / 2;
        double[] inv = rope.inverseFrequencies(headDim);
        float[] cos = new float[Math.multiplyExact(maxPositions, half)];
        float[] sin = new float[cos.length];
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double a = p * inv[i];
                cos[p * half + i] = (float) Math.cos(a);
                sin[p * half + i] = (float) Math.sin(a);
            }
        }
        return new DeviceBuffer[] {DeviceBuffer.of(cos), DeviceBuffer.of(sin)};
    }

    private static Tensor require(Map<String, Tensor> tensors, String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "checkpoint has no tensor " + name);
        }
        return t;
    }
}
