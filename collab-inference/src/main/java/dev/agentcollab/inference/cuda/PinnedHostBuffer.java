package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * Page-locked host memory for the small per-step transfers (token ids in, drafted ids out), so the copies are truly
 * asynchronous on the work stream. Not thread-safe.
 */
final class PinnedHostBuffer implements AutoCloseable {

    private final Pointer host = new Pointer();
    private final IntBuffer ints;
    private final int capacity;
    private boolean freed;

    /**
     * Allocates pinned memory for {@code capacity} ints.
     *
     * @param capacity element count, at least 1
     */
    PinnedHostBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, but was " + capacity);
        }
        this.capacity = capacity;
        cuMemAllocHost(host, (long) capacity * Integer.BYTES);
        ints = host.getByteBuffer(0, (long) capacity * Integer.BYTES)
                .order(ByteOrder.nativeOrder())
                .asIntBuffer();
    }

    /**
     * Writes {@code values} to the pinned memory and queues their copy to {@code dst}.
     *
     * @param values ints to send, at most the capacity
     * @param dst device destination
     * @param stream the work stream
     */
    void sendInts(int[] values, CUdeviceptr dst, CUstream stream) {
        check(values.length);
        ints.clear();
        ints.put(values);
        cuMemcpyHtoDAsync(dst, host, (long) values.length * Integer.BYTES, stream);
    }

    /**
     * Queues a copy of {@code count} ints from {@code src}; read them with {@link #ints(int)} after synchronizing.
     *
     * @param src device source
     * @param count element count, at most the capacity
     * @param stream the work stream
     */
    void receiveInts(CUdeviceptr src, int count, CUstream stream) {
        check(count);
        cuMemcpyDtoHAsync(host, src, (long) count * Integer.BYTES, stream);
    }

    /**
     * The first {@code count} ints currently in the pinned memory.
     *
     * @param count element count
     * @return a copy
     */
    int[] ints(int count) {
        check(count);
        int[] out = new int[count];
        ints.get(0, out);
        return out;
    }

    private void check(int count) {
        if (count < 0 || count > capacity) {
            throw new IndexOutOfBoundsException(count + " ints do not fit into " + capacity);
        }
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            cuMemFreeHost(host);
        }
    }
}
