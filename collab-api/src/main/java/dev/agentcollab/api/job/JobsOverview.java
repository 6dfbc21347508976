package dev.agentcollab.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The jobs and quotas of a collaboration for its organizers ({@code GET /v1/jobs}, an extension of the reference
 * API).
 *
 * @param jobsEnabled whether agents may launch benchmarks ({@code POST /v1/jobs:run})
 * @param verifierEnabled whether the verifier re-runs claims
 * @param windowSeconds the quota's sliding window
 * @param jobs the newest jobs first, benchmarks and verification runs
 * @param agents quota use per agent with launches in the window
 * @param users quota use per user with launches in the window
 * @param nextPageToken when {@code limit} cut the list short, the token that continues it after the last job of
 *     this page ({@link Jobs#overview(int, Optional)}); empty on the last page
 */
public record JobsOverview(
        @JsonProperty("jobs_enabled") boolean jobsEnabled,
        @JsonProperty("verifier_enabled") boolean verifierEnabled,
        @JsonProperty("window_seconds") long windowSeconds,
        List<JobRun> jobs,
        List<QuotaUse> agents,
        List<QuotaUse> users,
        @JsonProperty("next_page_token") Optional<String> nextPageToken) {
    /** Copies the lists. */
    public JobsOverview {
        jobs = List.copyOf(jobs);
        nextPageToken = nextPageToken == null ? Optional.empty() : nextPageToken;
        agents = List.copyOf(agents);
        users = List.copyOf(users);
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException("windowSeconds must be > 0");
        }
    }

    /**
     * One agent's or user's launches in the quota window.
     *
     * @param name the agent id or user name
     * @param used launches in the window
     * @param limit launches allowed per window
     * @param remaining launches left
     * @param nextFreeAt when the oldest launch leaves the window (ISO stamp); empty when none is in it
     */
    public record QuotaUse(
            String name, int used, int limit, int remaining, @JsonProperty("next_free_at") String nextFreeAt) {
        /** Validates the counts. */
        public QuotaUse {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(nextFreeAt, "nextFreeAt");
            if (used < 0 || limit < 0 || remaining < 0) {
                throw new IllegalArgumentException("counts must be >= 0");
            }
        }
    }
}
