package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * A driver-API context on one device plus the single non-blocking stream all work is queued on (capture needs a
 * non-default stream). jcuda exceptions are enabled, so every failing call throws {@code jcuda.CudaException}.
 *
 * <p>Not thread-safe: a context is current per thread, so callers use one thread at a time and call {@link
 * #makeCurrent()} when they may have switched threads.
 */
final class CudaContext implements AutoCloseable {

    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CudaDeviceInfo device;
    private boolean closed;

    /**
     * Creates the context and stream on a device.
     *
     * @param device the device from {@link CudaAvailability}
     */
    CudaContext(CudaDeviceInfo device) {
        this.device = device;
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        CUdevice handle = new CUdevice();
        cuDeviceGet(handle, device.ordinal());
        cuCtxCreate(context, 0, handle);
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
    }

    /** Binds the context to the calling thread. */
    void makeCurrent() {
        cuCtxSetCurrent(context);
    }

    /**
     * The stream every kernel and copy is queued on.
     *
     * @return the stream
     */
    CUstream stream() {
        return stream;
    }

    /**
     * The device this context runs on.
     *
     * @return the device
     */
    CudaDeviceInfo device() {
        return device;
    }

    /** Blocks until all queued work has finished. */
    void synchronize() {
        cuStreamSynchronize(stream);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        makeCurrent();
        cuStreamSynchronize(stream);
        cuStreamDestroy(stream);
        cuCtxDestroy(context);
    }
}
