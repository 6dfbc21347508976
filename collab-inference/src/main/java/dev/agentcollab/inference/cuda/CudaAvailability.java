package dev.agentcollab.inference.cuda;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Whether a usable CUDA device is present, probed once per JVM.
 *
 * <p>The probe touches jcuda only through {@link JCudaDriverProbe}, loaded reflectively, and treats every {@link
 * Throwable} it raises as "no GPU": on a machine without the NVIDIA driver, jcuda's first touch throws {@link
 * UnsatisfiedLinkError} ({@code libcuda.so.1} missing) and every later touch {@link NoClassDefFoundError}; without the
 * jcuda jar the probe class itself fails to link; with a driver but no device {@code cuInit} raises a {@code
 * CudaException}. Only {@link VirtualMachineError}s propagate. Instances are immutable and thread-safe.
 */
public final class CudaAvailability {

    private static final String PROBE_CLASS = "dev.agentcollab.inference.cuda.JCudaDriverProbe";
    private static final int MAX_REASON = 240;

    private final CudaDeviceInfo device;
    private final String reason;

    private CudaAvailability(CudaDeviceInfo device, String reason) {
        this.device = device;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The JVM-wide result, probing the driver on first call only.
     *
     * @return the cached availability
     */
    public static CudaAvailability get() {
        return Holder.INSTANCE;
    }

    /**
     * Runs a probe and classifies its outcome; never throws for probe failures.
     *
     * @param probe returns the device to use, or throws anything when there is none
     * @return available with the device, or unavailable with a one-line reason
     * @throws VirtualMachineError if the probe raises one
     */
    public static CudaAvailability detect(Callable<CudaDeviceInfo> probe) {
        Objects.requireNonNull(probe, "probe");
        try {
            CudaDeviceInfo info = Objects.requireNonNull(probe.call(), "probe returned null");
            if (!info.supportsShippedPtx()) {
                return unavailable(
                        "device " + info.describe() + " is older than compute capability 8.0 (compute_80 PTX)");
            }
            return new CudaAvailability(info, "CUDA device " + info.describe());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return unavailable(summarize(e));
        }
    }

    /**
     * An unavailable result with the given reason.
     *
     * @param reason why CUDA cannot be used
     * @return the result
     */
    public static CudaAvailability unavailable(String reason) {
        return new CudaAvailability(null, reason);
    }

    /**
     * Whether the CUDA backend can run.
     *
     * @return {@code true} when a device with compute capability 8.0 or newer was found
     */
    public boolean available() {
        return device != null;
    }

    /**
     * The device found.
     *
     * @return the device, empty when CUDA is unavailable
     */
    public Optional<CudaDeviceInfo> device() {
        return Optional.ofNullable(device);
    }

    /**
     * A one-line explanation: the device found, or why none can be used.
     *
     * @return the reason, never blank
     */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (available() ? "CUDA available: " : "CUDA unavailable: ") + reason;
    }

    private static String summarize(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        String[] lines = message.split("\\R");
        message = lines[0].strip();
        for (String line : lines) {
            // jcuda's UnsatisfiedLinkError carries the dlopen error ("libcuda.so.1: cannot open shared object
            // file") a few lines down, after its own headline; that line is the useful one.
            if (line.contains("cannot open shared object file")) {
                message = message + " (" + line.strip() + ")";
                break;
            }
        }
        String line = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 3) + "...";
    }

    @SuppressWarnings("unchecked")
    private static Callable<CudaDeviceInfo> driverProbe() throws ReflectiveOperationException {
        Class<?> type = Class.forName(PROBE_CLASS, true, CudaAvailability.class.getClassLoader());
        return (Callable<CudaDeviceInfo>) type.getDeclaredConstructor().newInstance();
    }

    /** Lazy, thread-safe, once-only probe (holder idiom). */
    private static final class Holder {
        static final CudaAvailability INSTANCE = detect(CudaAvailability::probeDriver);
    }

    private static CudaDeviceInfo probeDriver() throws Exception {
        return driverProbe().call();
    }
}
