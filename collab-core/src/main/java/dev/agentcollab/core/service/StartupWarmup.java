package dev.agentcollab.core.service;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.service.board.DefaultBoard;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.result.ResultStore;
import dev.agentcollab.core.service.taskforce.TaskforceIndex;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads what the first requests would otherwise load, before the service takes them: the read model's views of the
 * central bucket's listed folders (every inbox from one listing of {@code inbox/}) and one answer of each read path
 * (board page, digest, leaderboard), which also ranks the leaderboard into its cache and loads the code those paths
 * run. The board's channel, thread and author index (every board message read once) is built on one thread in the
 * background meanwhile and after: its cost grows with the board, and only channel, thread and agent-filtered
 * requests need it (one that comes before it is done waits for it). A failure here is logged and left to the
 * first request, which then loads lazily as before; it never fails the start.
 */
final class StartupWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmup.class);

    private StartupWarmup() {}

    static void run(ReadModel reads, Collab anonymous) {
        long t0 = System.nanoTime();
        Map<String, Long> millis = new ConcurrentHashMap<>();
        Thread.ofVirtual().name("collab-board-index").start(() -> {
            Map<String, Long> own = new ConcurrentHashMap<>();
            quietly("board index", own, () -> DefaultBoard.warm(reads));
            LOG.info("start-up: the board's channel, thread and author index took {} ms", own.get("board index"));
        });
        quietly(
                "views",
                millis,
                () -> reads.preload(
                        List.of(AgentDirectory.FOLDER, "broadcasts/", ResultStore.FOLDER, TaskforceIndex.FOLDER),
                        List.of("inbox/")));
        quietly("leaderboard", millis, () -> anonymous.leaderboard().leaderboard(LeaderboardQuery.defaults()));
        quietly("board page", millis, () -> anonymous.board().messages(ListQuery.defaults()));
        quietly("digest", millis, () -> anonymous.digest().get(DigestQuery.everyone()));
        LOG.info("start-up warm-up took {} ms (ms per step: {})", (System.nanoTime() - t0) / 1_000_000, millis);
    }

    private static void quietly(String what, Map<String, Long> millis, Runnable step) {
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (RuntimeException e) { // a store error, or a store closed under a background step
            LOG.warn("start-up warm-up of the " + what + " failed; the first request loads it", e);
        }
        millis.put(what, (System.nanoTime() - t0) / 1_000_000);
    }
}
