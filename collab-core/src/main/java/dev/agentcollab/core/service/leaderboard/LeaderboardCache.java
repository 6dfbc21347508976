package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Computed leaderboards by query, valid while their inputs stay the same: the results listing, the agents listing
 * (for {@code hf_user}) and the verification index, each identified by a version. When any of them changes, every
 * cached board is dropped, so a leaderboard is recomputed only after a promotion, a registration or a verdict. At
 * most {@value #MAX_QUERIES} distinct queries are kept. Thread safe.
 */
public final class LeaderboardCache {
    /** Distinct queries kept per version of the inputs. */
    static final int MAX_QUERIES = 256;

    private final Map<LeaderboardQuery, Leaderboard> boards = new ConcurrentHashMap<>();
    private volatile Inputs current;

    /**
     * The versions of everything a leaderboard is computed from.
     *
     * @param results the results listing's version
     * @param agents the agents listing's version
     * @param verdicts the verification index's content hash
     */
    public record Inputs(long results, long agents, String verdicts) {}

    /**
     * The cached board for a query over these inputs, computing it when missing.
     *
     * @param inputs the current versions
     * @param query the query
     * @param compute computes the board
     * @return the board
     */
    public Leaderboard get(Inputs inputs, LeaderboardQuery query, Supplier<Leaderboard> compute) {
        if (!inputs.equals(current)) {
            synchronized (this) {
                if (!inputs.equals(current)) {
                    boards.clear();
                    current = inputs;
                }
            }
        }
        Leaderboard cached = boards.get(query);
        if (cached != null) {
            return cached;
        }
        Leaderboard fresh = compute.get();
        if (boards.size() >= MAX_QUERIES) {
            boards.clear();
        }
        if (inputs.equals(current)) {
            boards.put(query, fresh);
        }
        return fresh;
    }
}
