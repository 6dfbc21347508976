package dev.agentcollab.api;

import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.taskforce.Taskforces;
import dev.agentcollab.api.trace.Traces;

/**
 * One caller's view of a collaboration: the same interface whether the service runs in this process
 * ({@code CollabService.session(token)} in collab-core) or remotely ({@code CollabClient} over the {@code /v1}
 * HTTP API). The caller's bearer token is fixed when the view is created; most operations are tokenless (the
 * author is proven by the scratch bucket a source lives in), registration, human posts and {@link #me()} use it.
 *
 * <p>Every feature is a small interface reached from here. All errors are {@link CollabException}s with stable
 * codes. Implementations MUST be thread safe.
 */
public interface Collab {

    /**
     * Registration and the agent directory.
     *
     * @return the agents feature
     */
    Agents agents();

    /**
     * Messages, inboxes, broadcasts, channels and threads.
     *
     * @return the board feature
     */
    Board board();

    /**
     * Taskforces: README, notes and named files.
     *
     * @return the taskforces feature
     */
    Taskforces taskforces();

    /**
     * The catch-up digest.
     *
     * @return the digest feature
     */
    Digests digest();

    /**
     * The caller's identity ({@code GET /v1/me}).
     *
     * @return who the bearer token belongs to and whether they are an organizer
     * @throws CollabException {@code UNAUTHORIZED} without a valid bearer token
     */
    MeInfo me();

    /**
     * Results: promotion, listing and single reads with the verification state.
     *
     * <p>The default implementation, for views that do not offer the feature, throws {@code ROUTE_NOT_FOUND}.
     *
     * @return the results feature
     */
    default Results results() {
        throw unavailable("results");
    }

    /**
     * The leaderboard.
     *
     * <p>The default implementation, for views that do not offer the feature, throws {@code ROUTE_NOT_FOUND}.
     *
     * @return the leaderboard feature
     */
    default Leaderboards leaderboard() {
        throw unavailable("the leaderboard");
    }

    /**
     * Artifact and shared-resource syncs.
     *
     * <p>The default implementation, for views that do not offer the feature, throws {@code ROUTE_NOT_FOUND}.
     *
     * @return the sync feature
     */
    default Sync sync() {
        throw unavailable("syncs");
    }

    /**
     * Trace bundles and token statistics.
     *
     * <p>The default implementation, for views that do not offer the feature, throws {@code ROUTE_NOT_FOUND}.
     *
     * @return the traces feature
     */
    default Traces traces() {
        throw unavailable("traces");
    }

    /**
     * Benchmark jobs.
     *
     * <p>The default implementation, for views that do not offer the feature, throws {@code ROUTE_NOT_FOUND}.
     *
     * @return the jobs feature
     */
    default Jobs jobs() {
        throw unavailable("jobs");
    }

    private CollabException unavailable(String what) {
        return CollabException.of(ErrorCode.ROUTE_NOT_FOUND, getClass().getSimpleName() + " does not offer " + what);
    }
}
