package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * One device allocation, made once and reused for every step. The blocking copies here are for set-up and tests
 * (they synchronize with the legacy stream, so callers synchronize the work stream first); per-step transfers go
 * through {@link PinnedHostBuffer} on the work stream. Not thread-safe.
 */
final class DeviceBuffer implements AutoCloseable {

    private final CUdeviceptr ptr = new CUdeviceptr();
    private final long bytes;
    private boolean freed;

    /**
     * Allocates device memory.
     *
     * @param bytes size in bytes, at least 1
     */
    DeviceBuffer(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be > 0, but was " + bytes);
        }
        this.bytes = bytes;
        cuMemAlloc(ptr, bytes);
    }

    /**
     * A float buffer of {@code count} elements.
     *
     * @param count element count
     * @return the buffer
     */
    static DeviceBuffer floats(long count) {
        return new DeviceBuffer(Math.max(1, count) * Float.BYTES);
    }

    /**
     * An int buffer of {@code count} elements.
     *
     * @param count element count
     * @return the buffer
     */
    static DeviceBuffer ints(long count) {
        return new DeviceBuffer(Math.max(1, count) * Integer.BYTES);
    }

    /**
     * A device buffer holding a copy of {@code values}.
     *
     * @param values host data
     * @return the buffer
     */
    static DeviceBuffer of(float[] values) {
        DeviceBuffer b = floats(values.length);
        b.upload(values);
        return b;
    }

    /**
     * A device buffer holding a copy of {@code values} (bf16 bit patterns or any 16-bit data).
     *
     * @param values host data
     * @return the buffer
     */
    static DeviceBuffer of(short[] values) {
        DeviceBuffer b = new DeviceBuffer(Math.max(1, values.length) * (long) Short.BYTES);
        cuMemcpyHtoD(b.ptr, Pointer.to(values), (long) values.length * Short.BYTES);
        return b;
    }

    /**
     * A device buffer holding a copy of {@code values}.
     *
     * @param values host data
     * @return the buffer
     */
    static DeviceBuffer of(int[] values) {
        DeviceBuffer b = ints(values.length);
        cuMemcpyHtoD(b.ptr, Pointer.to(values), (long) values.length * Integer.BYTES);
        return b;
    }

    /**
     * The device address.
     *
     * @return the pointer
     */
    CUdeviceptr ptr() {
        return ptr;
    }

    /**
     * The device address {@code byteOffset} bytes in.
     *
     * @param byteOffset offset in bytes
     * @return the pointer
     */
    CUdeviceptr at(long byteOffset) {
        if (byteOffset < 0 || byteOffset >= bytes) {
            throw new IndexOutOfBoundsException("offset " + byteOffset + " outside " + bytes + " bytes");
        }
        return ptr.withByteOffset(byteOffset);
    }

    /**
     * The address of float element {@code index}.
     *
     * @param index element index
     * @return the pointer
     */
    CUdeviceptr floatAt(long index) {
        return at(index * Float.BYTES);
    }

    /**
     * The address of int element {@code index}.
     *
     * @param index element index
     * @return the pointer
     */
    CUdeviceptr intAt(long index) {
        return at(index * Integer.BYTES);
    }

    /**
     * Size in bytes.
     *
     * @return the allocation size
     */
    long bytes() {
        return bytes;
    }

    /**
     * Copies {@code values} to the start of the buffer (blocking).
     *
     * @param values host data, at most the buffer size
     */
    void upload(float[] values) {
        cuMemcpyHtoD(ptr, Pointer.to(values), checked((long) values.length * Float.BYTES));
    }

    /**
     * Copies {@code values} to the start of the buffer (blocking).
     *
     * @param values host data, at most the buffer size
     */
    void upload(int[] values) {
        cuMemcpyHtoD(ptr, Pointer.to(values), checked((long) values.length * Integer.BYTES));
    }

    /**
     * Copies the first {@code count} floats to the host (blocking).
     *
     * @param count element count
     * @return the values
     */
    float[] downloadFloats(int count) {
        float[] out = new float[count];
        cuMemcpyDtoH(Pointer.to(out), ptr, checked((long) count * Float.BYTES));
        return out;
    }

    /**
     * Copies the first {@code count} floats into the start of {@code dst} (blocking).
     *
     * @param dst host destination, at least {@code count} long
     * @param count element count
     */
    void download(float[] dst, int count) {
        if (dst.length < count) {
            throw new IndexOutOfBoundsException(count + " floats do not fit into " + dst.length);
        }
        cuMemcpyDtoH(Pointer.to(dst), ptr, checked((long) count * Float.BYTES));
    }

    /**
     * Copies the first {@code count} ints to the host (blocking).
     *
     * @param count element count
     * @return the values
     */
    int[] downloadInts(int count) {
        int[] out = new int[count];
        cuMemcpyDtoH(Pointer.to(out), ptr, checked((long) count * Integer.BYTES));
        return out;
    }

    /**
     * Zeroes the buffer on a stream.
     *
     * @param stream the stream
     */
    void clear(CUstream stream) {
        cuMemsetD8Async(ptr, (byte) 0, bytes, stream);
    }

    private long checked(long n) {
        if (n > bytes) {
            throw new IndexOutOfBoundsException(n + " bytes do not fit into " + bytes);
        }
        return n;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            cuMemFree(ptr);
        }
    }
}
