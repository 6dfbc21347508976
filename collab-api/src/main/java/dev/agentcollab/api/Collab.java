package dev.agentcollab.api;

import dev.agentcollab.api.agent.Agents;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.status.ServiceStatus;
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
     * How the running service is doing ({@code GET /v1/status}): problems that need an organizer's attention and the
     * figures behind them.
     *
     * @return the service's status now
     * @throws CollabException {@code UNAUTHORIZED} without a valid bearer token, {@code NOT_ORGANIZER} for anyone but
     *     an organizer
     */
    ServiceStatus status();

    /**
     * Results: promotion, listing and single reads with the verification state.
     *
     * @return the results feature
     */
    Results results();

    /**
     * The leaderboard.
     *
     * @return the leaderboard feature
     */
    Leaderboards leaderboard();

    /**
     * Artifact and shared-resource syncs.
     *
     * @return the sync feature
     */
    Sync sync();

    /**
     * Trace bundles and token statistics.
     *
     * @return the traces feature
     */
    Traces traces();

    /**
     * Benchmark jobs.
     *
     * @return the jobs feature
     */
    Jobs jobs();
}
