package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Asks the CUDA driver for the device to use; the only class {@link CudaAvailability} loads that references jcuda.
 * The device index comes from the system property {@value #DEVICE_PROPERTY} (default 0). Throws whatever jcuda throws
 * when there is no driver or device.
 */
final class JCudaDriverProbe implements Callable<CudaDeviceInfo> {

    /** System property selecting the device ordinal. */
    static final String DEVICE_PROPERTY = "agentcollab.inference.cuda.device";

    /** Used reflectively by {@link CudaAvailability}. */
    JCudaDriverProbe() {}

    @Override
    public CudaDeviceInfo call() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) {
            throw new IllegalStateException("the CUDA driver reports no device");
        }
        int ordinal = Integer.getInteger(DEVICE_PROPERTY, 0);
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new IllegalStateException(
                    DEVICE_PROPERTY + "=" + ordinal + " but the driver sees " + count[0] + " device(s)");
        }
        CUdevice device = new CUdevice();
        cuDeviceGet(device, ordinal);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int[] major = new int[1];
        int[] minor = new int[1];
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        long[] memory = new long[1];
        cuDeviceTotalMem(memory, device);
        int[] driver = new int[1];
        cuDriverGetVersion(driver);
        return new CudaDeviceInfo(ordinal, cString(name), major[0], minor[0], memory[0], driver[0], count[0]);
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
