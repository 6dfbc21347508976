package dev.agentcollab.api.leaderboard;

import dev.agentcollab.api.error.CollabException;

/**
 * The leaderboard feature. Every result write is reflected by the next call. Implementations MUST be thread safe.
 */
public interface Leaderboards {

    /**
     * Ranks the promoted results: {@code status: agent-run} with a positive score, verification state in the
     * allowed set, best per agent (ties go to the earlier result), sorted by score in the deployment's direction,
     * then earlier stamp, then agent id.
     *
     * @param query the knobs
     * @return the leaderboard
     * @throws CollabException {@code INVALID_QUERY} for a bad verification filter, {@code INVALID_PATH} for a bad
     *     agent id
     */
    Leaderboard leaderboard(LeaderboardQuery query);
}
