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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads what the first requests would otherwise load, before the service takes them: the read model's views of the
 * central bucket's listed folders (every inbox from one listing of {@code inbox/}) and one answer of each read path
 * (board page, digest, leaderboard), which also ranks the leaderboard into its cache and loads the code those paths
 * run. The board's channel, thread, author, type and via index is built on one thread in the background meanwhile:
 * from its snapshot when one is configured and valid (only the messages the snapshot does not confirm are read),
 * else by reading every board message once; then, on the same thread, the {@code q} text index of each folder
 * searched before the restart, from the snapshot saved beside the board index's (only the records it does not
 * confirm are read; a folder without one is left to its first {@code q}). The start waits for both up to
 * {@link #INDEX_WAIT}, so that a build from a snapshot is finished before the first request; a longer build goes on
 * in the background, and only the requests that need the index (channel, thread, filtered board pages, and a
 * {@code q} of a folder being loaded) wait for it. A failure here is logged and left to the first request, which
 * then loads lazily as before; it never fails the start.
 */
final class StartupWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmup.class);

    /** How long the start waits for the board index before it takes requests with the build still running. */
    static final Duration INDEX_WAIT = Duration.ofSeconds(2);

    private StartupWarmup() {}

    static void run(ReadModel reads, Collab anonymous, Optional<Path> boardSnapshot) {
        long t0 = System.nanoTime();
        Map<String, Long> millis = new ConcurrentHashMap<>();
        DefaultBoard.openIndex(reads, boardSnapshot);
        Thread index = Thread.ofVirtual().name("collab-board-index").start(() -> {
            Map<String, Long> own = new ConcurrentHashMap<>();
            quietly("board index", own, () -> DefaultBoard.warm(reads));
            quietly("text indexes", own, () -> DefaultBoard.warmText(reads));
            LOG.info(
                    "start-up: the board index (channels, threads, authors, types, vias) took {} ms, the saved q text"
                            + " indexes {} ms",
                    own.get("board index"),
                    own.get("text indexes"));
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
        quietly("board index wait", millis, () -> awaitIndex(index));
        LOG.info("start-up warm-up took {} ms (ms per step: {})", (System.nanoTime() - t0) / 1_000_000, millis);
    }

    /**
     * Waits a little for the board index: loaded from a snapshot it is done within this time, so the first
     * requests do not share the cores with its build; built from the store it goes on in the background.
     */
    private static void awaitIndex(Thread index) {
        try {
            index.join(INDEX_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
