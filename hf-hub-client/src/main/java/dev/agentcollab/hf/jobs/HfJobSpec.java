package dev.agentcollab.hf.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run on HF Jobs. An image written {@code hf.co/spaces/<owner>/<name>} (or with
 * {@code https://huggingface.co/spaces/}) runs that Space; anything else is a Docker image. No secrets and no
 * environment are sent: a job gets its inputs through its command and its volumes.
 *
 * @param image a Docker image such as {@code python:3.12}, or a Space
 * @param command the command and its arguments, not empty
 * @param flavor the hardware, e.g. {@code cpu-basic} or {@code a10g-small} ({@link HfJobsClient#hardware()})
 * @param timeout the most the job may run, positive (sent in whole seconds)
 * @param labels labels to find the job by later ({@link HfJobsClient#list})
 * @param volumes buckets mounted into the job
 */
public record HfJobSpec(
        String image,
        List<String> command,
        String flavor,
        Duration timeout,
        Map<String, String> labels,
        List<HfJobVolume> volumes) {
    /** Validates the fields and copies the collections. */
    public HfJobSpec {
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
    }
}
