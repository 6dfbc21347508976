package dev.agentcollab.core.http.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What this JVM spent between two points: its process CPU time. With the clients in a JVM of their own, that is
 * the server's cost of a scenario.
 */
final class ServerCost {
    private final long cpuNanos;

    private ServerCost(long cpuNanos) {
        this.cpuNanos = cpuNanos;
    }

    static ServerCost start() {
        return new ServerCost(cpuNanos());
    }

    /** CPU microseconds spent since {@link #start()}, NaN where the platform does not tell. */
    double cpuMicros() {
        return cpuNanos < 0 ? Double.NaN : (cpuNanos() - cpuNanos) / 1e3;
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
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
