package dev.agentcollab.inference.cuda;

import java.util.Objects;

/**
 * What the driver reports about the CUDA device the backend uses.
 *
 * @param ordinal the device index
 * @param name the marketing name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param computeMajor compute capability, major part (8 for A100, 9 for H100)
 * @param computeMinor compute capability, minor part
 * @param totalMemoryBytes device memory in bytes
 * @param driverVersion the driver's CUDA version as an integer, e.g. {@code 13000} for 13.0
 * @param deviceCount how many CUDA devices the driver sees
 */
public record CudaDeviceInfo(
        int ordinal,
        String name,
        int computeMajor,
        int computeMinor,
        long totalMemoryBytes,
        int driverVersion,
        int deviceCount) {

    /** The oldest compute capability the shipped PTX ({@code compute_80}) can run on. */
    public static final int MIN_COMPUTE_CAPABILITY = 80;

    /** Validates the fields. */
    public CudaDeviceInfo {
        Objects.requireNonNull(name, "name");
        if (ordinal < 0 || deviceCount <= ordinal) {
            throw new IllegalArgumentException("ordinal must be in [0, " + deviceCount + "), but was " + ordinal);
        }
    }

    /**
     * The compute capability as one number, e.g. 90 for 9.0.
     *
     * @return {@code 10 * major + minor}
     */
    public int computeCapability() {
        return 10 * computeMajor + computeMinor;
    }

    /**
     * Whether the shipped {@code compute_80} PTX can be JIT-compiled for this device.
     *
     * @return {@code true} from compute capability 8.0 on
     */
    public boolean supportsShippedPtx() {
        return computeCapability() >= MIN_COMPUTE_CAPABILITY;
    }

    /**
     * A one-line description for logs.
     *
     * @return e.g. {@code NVIDIA H100 (sm_90, 79 GiB, driver CUDA 13.0)}
     */
    public String describe() {
        return name + " (sm_" + computeCapability() + ", " + (totalMemoryBytes >> 30) + " GiB, driver CUDA "
                + driverVersion / 1000 + "." + (driverVersion % 1000) / 10 + ")";
    }
}
