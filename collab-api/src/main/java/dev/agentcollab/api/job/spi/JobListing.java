package dev.agentcollab.api.job.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the platform reports when asked for the jobs carrying some labels ({@link JobRunner#listActive(Map)}).
 *
 * @param handle its id, page and current stage
 * @param labels its labels
 * @param volumes its bucket volumes, as the platform reports them
 */
public record JobListing(JobHandle handle, Map<String, String> labels, List<JobVolume> volumes) {
    /** Validates the listing and copies the collections. */
    public JobListing {
        Objects.requireNonNull(handle, "handle");
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
    }

    /**
     * The volume mounted at a path.
     *
     * @param mountPath e.g. {@code /state}
     * @return the volume, or empty
     */
    public Optional<JobVolume> volumeAt(String mountPath) {
        return volumes.stream().filter(v -> v.mountPath().equals(mountPath)).findFirst();
    }
}
