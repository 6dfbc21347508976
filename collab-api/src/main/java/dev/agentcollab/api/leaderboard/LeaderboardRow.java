package dev.agentcollab.api.leaderboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * One ranked result.
 *
 * @param rank the global rank, 1-based
 * @param agent the author (from the filename)
 * @param hfUser the user the author is registered to, or empty
 * @param score the score
 * @param method the result's {@code method}
 * @param verification the verification state
 * @param filename the result's filename
 * @param timestamp the result's {@code timestamp} stamp
 * @param description the result's {@code description}
 * @param guard the guardrail metric (e.g. perplexity) when the deployment names one and the result reports it;
 *     omitted on the wire when empty
 * @param verificationReason why the row is {@code valid}/{@code invalid}: the automated verifier's reason (the
 *     numbers it compared and its tolerances) or the reason an organizer gave with their verdict; omitted on the wire
 *     when there is none (pending, or none recorded)
 */
public record LeaderboardRow(
        int rank,
        String agent,
        @JsonProperty("hf_user") Optional<String> hfUser,
        double score,
        String method,
        String verification,
        String filename,
        String timestamp,
        String description,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Double> guard,
        @JsonProperty("verification_reason") @JsonInclude(JsonInclude.Include.NON_ABSENT)
                Optional<String> verificationReason) {
    /** Validates the row. */
    public LeaderboardRow {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, but was " + rank);
        }
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(guard, "guard");
        verificationReason = verificationReason == null ? Optional.empty() : verificationReason;
    }

    /**
     * A row without a verification reason.
     *
     * @param rank the global rank, 1-based
     * @param agent the author
     * @param hfUser the author's user, or empty
     * @param score the score
     * @param method the method
     * @param verification the verification state
     * @param filename the filename
     * @param timestamp the timestamp stamp
     * @param description the description
     * @param guard the guardrail metric, or empty
     */
    public LeaderboardRow(
            int rank,
            String agent,
            Optional<String> hfUser,
            double score,
            String method,
            String verification,
            String filename,
            String timestamp,
            String description,
            Optional<Double> guard) {
        this(
                rank,
                agent,
                hfUser,
                score,
                method,
                verification,
                filename,
                timestamp,
                description,
                guard,
                Optional.empty());
    }

    /**
     * This row with a verification reason.
     *
     * @param reason the reason, or empty
     * @return the row
     */
    public LeaderboardRow withVerificationReason(Optional<String> reason) {
        return new LeaderboardRow(
                rank, agent, hfUser, score, method, verification, filename, timestamp, description, guard, reason);
    }
}
