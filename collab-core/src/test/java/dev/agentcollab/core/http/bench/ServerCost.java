package dev.agentcollab.core.http.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What this JVM spent between two points: its process CPU time, and the part of it spent in the kernel (system
 * time, from {@code /proc/self/stat} where there is one). With the clients in a JVM of their own, that is the
 * server's cost of a scenario.
 */
final class ServerCost {
    /** Linux's clock ticks per second for {@code /proc} times ({@code USER_HZ}), 100 on every common platform. */
    private static final double TICKS_PER_SECOND = 100;

    private final long cpuNanos;
    private final long systemTicks;

    private ServerCost(long cpuNanos, long systemTicks) {
        this.cpuNanos = cpuNanos;
        this.systemTicks = systemTicks;
    }

    static ServerCost start() {
        return new ServerCost(cpuNanos(), systemTicks());
    }

    /** Kernel CPU microseconds spent since {@link #start()}, NaN where {@code /proc/self/stat} is missing. */
    double systemMicros() {
        long now = systemTicks();
        return systemTicks < 0 || now < 0 ? Double.NaN : (now - systemTicks) / TICKS_PER_SECOND * 1e6;
    }

    private static long systemTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name in parentheses: state is field 3, stime field 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU microseconds spent since {@link #start()}, NaN where the platform does not tell. */
    double cpuMicros() {
        return cpuNanos < 0 ? Double.NaN : (cpuNanos() - cpuNanos) / 1e3;
    }

    private static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    /**
     * One of this process's memory sizes from {@code /proc/self/status} in MiB, e.g. {@code VmRSS} (resident now)
     * or {@code VmHWM} (the most resident so far), or NaN where there is none.
     */
    static double rssMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** The system's one-minute load average ({@code /proc/loadavg}), or NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
