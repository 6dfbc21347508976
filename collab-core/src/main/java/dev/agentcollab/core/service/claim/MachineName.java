package dev.agentcollab.core.service.claim;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name as a {@linkplain WriterClaim writer claim} records it: the host name, and the machine id of
 * {@code /etc/machine-id} where there is one, so that two machines that share a host name (two cloud images both
 * called {@code ubuntu}) are still told apart.
 */
final class MachineName {
    private static final Path MACHINE_ID = Path.of("/etc/machine-id");

    private MachineName() {}

    /**
     * This machine's name.
     *
     * @return e.g. {@code build-7 (machine 5f3c0e9a1b2d4c6e)}
     */
    static String get() {
        String host = hostName();
        try {
            String id = Files.readString(MACHINE_ID).strip();
            return id.isEmpty() ? host : host + " (machine " + id.substring(0, Math.min(16, id.length())) + ")";
        } catch (IOException | SecurityException e) {
            return host;
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
