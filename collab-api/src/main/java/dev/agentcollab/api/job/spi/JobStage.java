package dev.agentcollab.api.job.spi;

import java.util.Locale;

/**
 * The lifecycle stage of a job, as the Hugging Face Jobs API reports it ({@code SCHEDULING}, {@code RUNNING},
 * {@code COMPLETED}, {@code CANCELED}, {@code ERROR}, {@code DELETED}). Stages this SDK does not know map to
 * {@link #UNKNOWN}.
 */
public enum JobStage {
    /** Waiting for hardware. */
    SCHEDULING,
    /** The command is running. */
    RUNNING,
    /** The command exited with status 0. */
    COMPLETED,
    /** The job was canceled (by a user or by the watcher's runtime cap). */
    CANCELED,
    /** The command failed or the platform could not run it. */
    ERROR,
    /** The job was deleted. */
    DELETED,
    /** A stage this SDK does not recognise; treated as not yet terminal. */
    UNKNOWN;

    /**
     * Whether the job can no longer change.
     *
     * @return {@code true} for completed, canceled, error and deleted
     */
    public boolean terminal() {
        return this == COMPLETED || this == CANCELED || this == ERROR || this == DELETED;
    }

    /**
     * The status word written to {@code job_status.json} for a terminal stage: {@code completed},
     * {@code canceled}, {@code error}, {@code deleted}; {@code unknown} for the others.
     *
     * @return the lower-case status word
     */
    public String statusWord() {
        return terminal() ? name().toLowerCase(Locale.ROOT) : "unknown";
    }

    /**
     * Parses a wire stage, case-insensitively.
     *
     * @param wire the stage string, or {@code null}
     * @return the stage, {@link #UNKNOWN} when absent or unrecognised
     */
    public static JobStage fromWire(String wire) {
        if (wire != null) {
            for (JobStage s : values()) {
                if (s.name().equalsIgnoreCase(wire.trim())) {
                    return s;
                }
            }
        }
        return UNKNOWN;
    }
}
