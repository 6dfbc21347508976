package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fakecuda itself: the emulated GPU tests only mean something if the emulator fails where a GPU would fail, or would
 * silently compute garbage. Each case here is a bug the CUDA backend could have; runs on the emulator only.
 */
class FakeCudaGpuTest {

    @ParameterizedTest
    @CsvSource({
        "110, 'add_inplace: wrote outside the allocation'", // lands in the canary bytes behind the buffer
        "200, 'add_inplace: illegal address'" // reaches the guard page
    })
    void aKernelWritingPastItsBufferFailsWithIllegalAddress(int n, String explanation) {
        poisoning(ctx -> {
            CudaKernels k = new CudaKernels(ctx);
            DeviceBuffer x = DeviceBuffer.floats(100);
            DeviceBuffer y = DeviceBuffer.floats(200);
            k.add(x.ptr(), y.ptr(), n); // x holds only 100 floats
            assertFails(ctx::synchronize, CudaResultCode.ILLEGAL_ADDRESS, explanation);
        });
    }

    @Test
    void aKernelGivenAFreedBufferFailsWithIllegalAddress() {
        poisoning(ctx -> {
            CudaKernels k = new CudaKernels(ctx);
            DeviceBuffer y = DeviceBuffer.floats(10);
            DeviceBuffer gone = DeviceBuffer.floats(10);
            CUdeviceptr stale = gone.ptr();
            gone.close();
            k.add(stale, y.ptr(), 10);
            assertFails(
                    ctx::synchronize, CudaResultCode.ILLEGAL_ADDRESS, "does not point into a live device allocation");
        });
    }

    @Test
    void aMisaligned16ByteWeightLoadFailsTheLaunch() {
        poisoning(ctx -> {
            CudaKernels k = new CudaKernels(ctx);
            DeviceBuffer w = new DeviceBuffer(4L * 64 * Short.BYTES + 16);
            DeviceBuffer x = DeviceBuffer.floats(64);
            DeviceBuffer y = DeviceBuffer.floats(4);
            k.matvec(w.at(2), x.ptr(), y.ptr(), 4, 64); // cols % 8 == 0: the kernel reads the row as uint4
            assertFails(ctx::synchronize, CudaResultCode.LAUNCH_FAILED, "misaligned");
        });
    }

    @Test
    void aWarpShuffleInAPartialWarpFailsTheLaunch() {
        poisoning(ctx -> {
            DeviceBuffer x = DeviceBuffer.floats(48);
            DeviceBuffer y = DeviceBuffer.floats(48);
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, CudaPtx.NORM.readNulTerminated());
            CUfunction rmsnorm = new CUfunction();
            cuModuleGetFunction(rmsnorm, module, "rmsnorm_f32");
            Pointer params = Pointer.to(
                    Pointer.to(x.ptr()),
                    Pointer.to(new CUdeviceptr()),
                    Pointer.to(y.ptr()),
                    Pointer.to(new int[] {48}),
                    Pointer.to(new float[] {1e-6f}));
            cuLaunchKernel(rmsnorm, 1, 1, 1, 48, 1, 1, 0, ctx.stream(), params, null); // 48: not whole warps
            assertFails(ctx::synchronize, CudaResultCode.LAUNCH_FAILED, "the warp is partial");
        });
    }

    @Test
    void aMissingBarrierChangesTheResultInOneOfTheTwoThreadOrders() {
        try (CudaContext ctx = new CudaContext(requireEmulator());
                DeviceBuffer out = DeviceBuffer.ints(2 * 64)) {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, BROADCAST_PTX.getBytes(StandardCharsets.US_ASCII));
            CUfunction broadcast = new CUfunction();
            cuModuleGetFunction(broadcast, module, "fakecuda_broadcast");
            int[] expected = new int[2 * 64];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = i / 64 + 1;
            }
            for (int withBarrier : new int[] {1, 0}) {
                Pointer params = Pointer.to(Pointer.to(out.ptr()), Pointer.to(new int[] {withBarrier}));
                cuLaunchKernel(broadcast, 2, 1, 1, 64, 1, 1, 0, ctx.stream(), params, null);
                ctx.synchronize();
                int[] got = out.downloadInts(expected.length);
                if (withBarrier == 1) {
                    assertArrayEquals(expected, got);
                } else {
                    assertFalse(Arrays.equals(expected, got), "the race went unnoticed");
                }
            }
            cuModuleUnload(module);
        }
    }

    @Test
    void streamWorkRunsOnlyWhenTheHostSynchronizes() {
        try (CudaContext ctx = new CudaContext(requireEmulator());
                DeviceBuffer d = DeviceBuffer.of(new int[] {7, 8, 9});
                DeviceBuffer e = DeviceBuffer.ints(3);
                PinnedHostBuffer pinned = new PinnedHostBuffer(3)) {
            pinned.receiveInts(d.ptr(), 3, ctx.stream());
            assertArrayEquals(new int[3], pinned.ints(3), "reading before synchronizing sees nothing yet");
            ctx.synchronize();
            assertArrayEquals(new int[] {7, 8, 9}, pinned.ints(3));

            // Rewriting a pinned buffer before its queued copy ran changes what the copy sends, as on a GPU.
            pinned.sendInts(new int[] {1, 2, 3}, e.ptr(), ctx.stream());
            pinned.sendInts(new int[] {4, 5, 6}, d.ptr(), ctx.stream());
            ctx.synchronize();
            assertArrayEquals(new int[] {4, 5, 6}, e.downloadInts(3));
        }
    }

    @Test
    void captureRefusesASynchronousCopyAndTheStreamWorksAfterwards() {
        try (CudaContext ctx = new CudaContext(requireEmulator());
                DeviceBuffer d = DeviceBuffer.floats(4)) {
            CudaException e = assertThrows(
                    CudaException.class, () -> CudaGraph.capture(ctx, () -> d.upload(new float[] {1, 2, 3, 4})));
            assertTrue(e.getMessage().contains("CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"), e.getMessage());
            d.upload(new float[] {5, 6, 7, 8});
            ctx.synchronize();
            assertArrayEquals(new float[] {5, 6, 7, 8}, d.downloadFloats(4));
        }
    }

    @Test
    void aGraphFreezesArgumentsButReadsTheCurrentDeviceData() {
        try (CudaContext ctx = new CudaContext(requireEmulator());
                CudaKernels k = new CudaKernels(ctx);
                DeviceBuffer x = DeviceBuffer.of(new float[] {1, 1});
                DeviceBuffer y = DeviceBuffer.of(new float[] {10, 20})) {
            try (CudaGraph graph = CudaGraph.capture(ctx, () -> k.add(x.ptr(), y.ptr(), 2))) {
                ctx.synchronize();
                assertArrayEquals(new float[] {1, 1}, x.downloadFloats(2), "capture runs nothing");
                assertEquals(1, graph.nodeCount());
                graph.launch();
                ctx.synchronize();
                y.upload(new float[] {100, 200});
                graph.launch();
                ctx.synchronize();
                assertArrayEquals(new float[] {111, 221}, x.downloadFloats(2));
            }
        }
    }

    @Test
    void ptxWhoseParametersDifferFromTheSourceIsRejected() {
        try (CudaContext ctx = new CudaContext(requireEmulator())) {
            String ptx = new String(CudaPtx.NORM.read(), StandardCharsets.UTF_8);
            String changed = ptx.replace(".param .f32 rmsnorm_f32_param_4", ".param .u64 rmsnorm_f32_param_4");
            assertTrue(!changed.equals(ptx), "the PTX declares rmsnorm_f32's eps as .f32");
            byte[] image = (changed + "\0").getBytes(StandardCharsets.UTF_8);
            assertFails(
                    () -> cuModuleLoadData(new CUmodule(), image),
                    CudaResultCode.INVALID_PTX,
                    "rmsnorm_f32 has other parameters than the .cu source");
        }
    }

    /** A PTX stub for selftest/broadcast.cu: fakecuda only reads the entry list and the parameter types. */
    private static final String BROADCAST_PTX =
            """
            .version 7.0
            .target sm_80
            .address_size 64
            .visible .entry fakecuda_broadcast(
                .param .u64 fakecuda_broadcast_param_0,
                .param .u32 fakecuda_broadcast_param_1
            )
            {
                ret;
            }
            \0""";

    /** The CUresult codes these cases expect. */
    private enum CudaResultCode {
        ILLEGAL_ADDRESS(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS),
        LAUNCH_FAILED(CUresult.CUDA_ERROR_LAUNCH_FAILED),
        INVALID_PTX(CUresult.CUDA_ERROR_INVALID_PTX);

        private final int code;

        CudaResultCode(int code) {
            this.code = code;
        }
    }

    private static CudaDeviceInfo requireEmulator() {
        assumeTrue(FakeCuda.requested(), "fakecuda's own tests run in the emulated-cuda execution only");
        CudaDeviceInfo device = GpuTest.requireGpu();
        assertTrue(device.name().contains("fakecuda"), device.name());
        return device;
    }

    /** Runs {@code call}, expects the CUDA error, and checks fakecuda's explanation of it. */
    private static void assertFails(Executable call, CudaResultCode expected, String explanation) {
        CudaException e = assertThrows(CudaException.class, call);
        assertTrue(e.getMessage().contains(CUresult.stringFor(expected.code)), e.getMessage());
        String[] detail = new String[1];
        JCudaDriver.cuGetErrorString(expected.code, detail);
        assertTrue(detail[0].contains(explanation), detail[0]);
    }

    /**
     * Runs a case that poisons its own context on purpose. Afterwards every call on that context reports the sticky
     * error (as on a GPU), so its buffers are left to the process and closing it is allowed to fail.
     */
    private static void poisoning(java.util.function.Consumer<CudaContext> body) {
        CudaContext ctx = new CudaContext(requireEmulator());
        try {
            body.accept(ctx);
        } finally {
            try {
                ctx.close();
            } catch (CudaException expected) {
                // the sticky error again
            }
        }
    }
}
