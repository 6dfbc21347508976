package dev.agentcollab.core.service.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.verify.PrettyJson;
import dev.agentcollab.core.service.verify.VerificationIndex;
import dev.agentcollab.testkit.time.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranked results' snapshot through the service: a restart with it reads only the results that changed while the
 * service was down (none after a clean stop) and ranks exactly as a start without it, which reads every result; a
 * damaged snapshot is ignored and every result is read, with the same leaderboards.
 */
@Timeout(120)
class RankedResultsRestartTest {
    private static final int AGENTS = 3;

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");

    private Path boardSnapshot() {
        return tmp.resolve("data").resolve("board-index.snapshot");
    }

    private ResultsHarness start() {
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        return new ResultsHarness(
                store,
                clock,
                ResultsConfig.ofDefaults(),
                JobsConfig.ofDefaults(),
                s -> Optional.empty(),
                Optional.of(boardSnapshot()));
    }

    /** Onboards the agents and promotes results of several scores and kinds, with verdicts for some. */
    private List<String> seed(ResultsHarness h) {
        for (int i = 0; i < AGENTS; i++) {
            h.onboard("agent-" + i, i);
        }
        List<String> names = new ArrayList<>();
        for (int r = 0; r < 24; r++) {
            String status = r % 7 == 3 ? "negative" : "agent-run";
            names.add(h.promote(
                    "agent-" + r % AGENTS, "results/r" + r + ".md", ResultsHarness.fm(1 + r * 37 % 11, status)));
        }
        TreeMap<String, String> verdicts = new TreeMap<>();
        for (int r = 0; r < names.size(); r += 3) {
            verdicts.put(names.get(r), r % 2 == 0 ? "valid" : "invalid");
        }
        writeCentral(h, VerificationIndex.PATH, PrettyJson.write(verdicts) + "\n");
        clock.advance(java.time.Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
        return names;
    }

    @Test
    void aRestartReadsOnlyTheResultsThatChangedWhileTheServiceWasDown() throws IOException {
        ResultsHarness h = start();
        List<String> names = seed(h);
        List<String> before = boards(h);
        assertEquals(24, h.service.results().ranked().resultsRead(), "the first service classified every result");

        h = h.restart();
        assertEquals(
                0,
                h.service.results().ranked().resultsRead(),
                "after a clean stop the start-up ranking loads the snapshot and reads no result");
        assertEquals(before, boards(h));
        Path file = CollabService.rankedSnapshot(boardSnapshot());
        assertTrue(Files.isRegularFile(file));
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        h = h.restart();
        assertEquals(
                written,
                Files.readAttributes(file, BasicFileAttributes.class).fileKey(),
                "a stop with nothing changed since the file was loaded does not write it again");

        // out of band, unseen by the running service (no ranking after them): what its snapshot does not hold
        writeCentral(
                h, ResultStore.FOLDER + names.get(4), "---\n" + ResultsHarness.fm(99, "agent-run") + "---\nedited\n");
        h.store.delete(central(h), BucketPath.of(ResultStore.FOLDER + names.get(5)));
        writeCentral(
                h,
                ResultStore.FOLDER + "20260601-110000-000_agent-1.md",
                "---\n" + ResultsHarness.fm(42, "agent-run") + "agent: agent-1\n---\nadded\n");
        h = h.restart();
        assertEquals(
                2,
                h.service.results().ranked().resultsRead(),
                "the edited and the added result are read; the deleted one is dropped; the others are not read");
        List<String> fromSnapshot = boards(h);
        h = h.restart();
        assertEquals(
                0,
                h.service.results().ranked().resultsRead(),
                "the start that read the two saved them: the next reads none");
        assertEquals(fromSnapshot, boards(h));

        h = h.restart(Optional.empty());
        assertEquals(24, h.service.results().ranked().resultsRead(), "without a snapshot every result is read");
        assertEquals(boards(h), fromSnapshot, "the start from the snapshot ranks as a start that reads everything");
        assertTrue(fromSnapshot.getFirst().contains("score=99.0"), fromSnapshot.getFirst());
        h.close();
    }

    @Test
    void aDamagedSnapshotIsIgnoredAndEveryResultIsRead() throws IOException {
        ResultsHarness h = start();
        seed(h);
        List<String> before = boards(h);
        h.service.close();
        Path file = CollabService.rankedSnapshot(boardSnapshot());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(file, bytes);

        h = new ResultsHarness( // not restart(): closing the service again would write a good snapshot
                h.store,
                clock,
                ResultsConfig.ofDefaults(),
                JobsConfig.ofDefaults(),
                s -> Optional.empty(),
                Optional.of(boardSnapshot()));
        assertEquals(24, h.service.results().ranked().resultsRead(), "a snapshot failing its checksum is not used");
        assertEquals(before, boards(h));
        h.close();
    }

    /** The leaderboards of several queries, without their stamps. */
    private static List<String> boards(ResultsHarness h) {
        List<String> out = new ArrayList<>();
        for (LeaderboardQuery q : List.of(
                LeaderboardQuery.defaults(),
                LeaderboardQuery.defaults().allResults(),
                LeaderboardQuery.defaults()
                        .withVerification("valid,invalid,pending")
                        .allResults(),
                LeaderboardQuery.defaults().forAgent("agent-1"))) {
            Leaderboard board = h.anonymous().leaderboard().leaderboard(q);
            out.add(board.rows() + " " + board.meta().resultsConsidered() + " "
                    + board.meta().excluded());
        }
        return out;
    }

    private static BucketId central(ResultsHarness h) {
        return h.config.centralBucket();
    }

    private static void writeCentral(ResultsHarness h, String path, String text) {
        h.store.put(central(h), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }
}
