package dev.agentcollab.api.job.spi;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to run: a container image (ignored by the local runner), a command, hardware, a runtime cap, labels and the
 * bucket volumes. No secret or token is ever part of a spec: the job reads and writes only its mounted volumes.
 *
 * @param image the container image, e.g. {@code python:3.12}
 * @param command the command and its arguments; paths inside volumes use the volumes' mount paths
 * @param flavor the hardware flavor, e.g. {@code a10g-small}
 * @param timeout the runtime cap the platform enforces (the watcher adds a grace period on top)
 * @param labels labels the platform stores with the job (and lists jobs by); keys and values of 1 to 100 letters,
 *     digits, {@code .}, {@code -} and {@code _} (the Hub's rule; no {@code =}, which separates key and value in
 *     a label filter)
 * @param volumes the mounted bucket prefixes, each at a distinct mount path
 */
public record JobSpec(
        String image,
        List<String> command,
        String flavor,
        Duration timeout,
        Map<String, String> labels,
        List<JobVolume> volumes) {

    /** Validates the spec and copies the collections. */
    public JobSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(timeout, "timeout");
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        labels.forEach((k, v) -> {
            requireLabel(k, "key");
            requireLabel(v, "value of '" + k + "'");
        });
        Set<String> mounts = new HashSet<>();
        for (JobVolume v : volumes) {
            if (!mounts.add(v.mountPath())) {
                throw new IllegalArgumentException("duplicate mount path: " + v.mountPath());
            }
        }
    }

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static void requireLabel(String text, String what) {
        if (!LABEL.matcher(text).matches()) {
            throw new IllegalArgumentException("label " + what + " must be 1 to 100 letters, digits, '.', '-' or '_',"
                    + " but was '" + text + "'");
        }
    }

    /**
     * Turns free text into a valid label value: every other character becomes {@code -}, at most 100 characters.
     *
     * @param text any text
     * @return a label value, {@code "-"} for empty text
     */
    public static String labelValue(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]", "-");
        s = s.length() > 100 ? s.substring(0, 100) : s;
        return s.isEmpty() ? "-" : s;
    }
}
