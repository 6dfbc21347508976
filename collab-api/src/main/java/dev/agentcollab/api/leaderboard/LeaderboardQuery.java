package dev.agentcollab.api.leaderboard;

import java.util.Objects;
import java.util.Optional;

/**
 * The knobs of {@code GET /v1/leaderboard}.
 *
 * @param bestPerAgent keep only each agent's best result (default true)
 * @param verification CSV subset of {@code pending,valid,invalid}; empty means the deployment's default
 *     ({@code valid,pending}, or {@code valid} alone in strict mode)
 * @param agent show only this agent's rows (global ranks are kept)
 * @param limit at most this many rows; empty or {@code <= 0} means all
 */
public record LeaderboardQuery(
        boolean bestPerAgent, Optional<String> verification, Optional<String> agent, Optional<Integer> limit) {
    /** Checks for nulls. */
    public LeaderboardQuery {
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(limit, "limit");
    }

    /**
     * The default query: best per agent, default verification filter, every agent, no limit.
     *
     * @return the query
     */
    public static LeaderboardQuery defaults() {
        return new LeaderboardQuery(true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A copy with a row limit.
     *
     * @param n the limit
     * @return the new query
     */
    public LeaderboardQuery withLimit(int n) {
        return new LeaderboardQuery(bestPerAgent, verification, agent, Optional.of(n));
    }

    /**
     * A copy with a verification filter.
     *
     * @param csv e.g. {@code valid} or {@code valid,pending}
     * @return the new query
     */
    public LeaderboardQuery withVerification(String csv) {
        return new LeaderboardQuery(bestPerAgent, Optional.of(csv), agent, limit);
    }

    /**
     * A copy that keeps every result instead of each agent's best.
     *
     * @return the new query
     */
    public LeaderboardQuery allResults() {
        return new LeaderboardQuery(false, verification, agent, limit);
    }

    /**
     * A copy filtered to one agent.
     *
     * @param agentId the agent
     * @return the new query
     */
    public LeaderboardQuery forAgent(String agentId) {
        return new LeaderboardQuery(bestPerAgent, verification, Optional.of(agentId), limit);
    }
}
