package dev.agentcollab.core.service.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranked results' snapshot file: what it saves of each result comes back field for field (long and non-ASCII
 * texts included), the guard cap is applied anew on load, and a file written for another bucket, score field or
 * guard field, or truncated or damaged, is not used.
 */
class RankedResultsSnapshotTest {
    private static final BucketId CENTRAL = BucketId.parse("org/central");
    private static final RankingPolicy GUARDED =
            new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.of(10.0), false);

    @TempDir
    Path tmp;

    @Test
    void everySavedFieldComesBackAndTheCapIsTheLoadingPolicys() throws IOException {
        List<RankedEntry> entries = entries(GUARDED);
        Path file = tmp.resolve("ranked.snapshot");
        RankedResultsSnapshot.write(file, RankedResultsSnapshot.encode(CENTRAL, GUARDED, entries));

        List<RankedEntry> back =
                RankedResultsSnapshot.read(file, CENTRAL, GUARDED).orElseThrow();
        assertEquals(fields(entries), fields(back));

        RankingPolicy higherCap =
                new RankingPolicy("score", ScoreOrder.ASC, Optional.of("perplexity"), Optional.of(20.0), true);
        List<RankedEntry> recapped =
                RankedResultsSnapshot.read(file, CENTRAL, higherCap).orElseThrow();
        assertTrue(back.stream().anyMatch(e -> e.overCap), "some entry is over the cap of 10");
        assertFalse(recapped.stream().anyMatch(e -> e.overCap), "none is over a cap of 20: the cap is not saved");
        assertEquals(fields(entries(higherCap)), fields(recapped), "as classified under the loading policy itself");
    }

    @Test
    void aFileForAnotherBucketScoreOrGuardFieldIsNotUsed() throws IOException {
        Path file = tmp.resolve("ranked.snapshot");
        RankedResultsSnapshot.write(file, RankedResultsSnapshot.encode(CENTRAL, GUARDED, entries(GUARDED)));
        assertTrue(RankedResultsSnapshot.read(file, BucketId.parse("org/other"), GUARDED)
                .isEmpty());
        assertTrue(RankedResultsSnapshot.read(
                        file,
                        CENTRAL,
                        new RankingPolicy(
                                "tokens_per_s", ScoreOrder.DESC, Optional.of("perplexity"), Optional.empty(), false))
                .isEmpty());
        assertTrue(RankedResultsSnapshot.read(file, CENTRAL, RankingPolicy.ofDefaults())
                .isEmpty());
        assertTrue(RankedResultsSnapshot.read(
                        file,
                        CENTRAL,
                        new RankingPolicy("score", ScoreOrder.DESC, Optional.of("ppl"), Optional.empty(), false))
                .isEmpty());
        assertTrue(RankedResultsSnapshot.read(tmp.resolve("absent"), CENTRAL, GUARDED)
                .isEmpty());
    }

    @Test
    void aTruncatedOrDamagedFileIsNotUsed() throws IOException {
        byte[] good = RankedResultsSnapshot.encode(CENTRAL, GUARDED, entries(GUARDED));
        Path file = tmp.resolve("ranked.snapshot");
        for (int cut : new int[] {0, 3, 11, good.length / 2, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, cut));
            assertTrue(RankedResultsSnapshot.read(file, CENTRAL, GUARDED).isEmpty(), "cut at " + cut);
        }
        for (int at = 0; at < good.length; at += 97) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            Files.write(file, bad);
            assertTrue(RankedResultsSnapshot.read(file, CENTRAL, GUARDED).isEmpty(), "a bit flipped at " + at);
        }
    }

    /** Results of every kind, with a description longer than {@code writeUTF} takes and non-ASCII texts. */
    private static List<RankedEntry> entries(RankingPolicy policy) {
        String[] docs = {
            "---\nscore: 2.5\nstatus: agent-run\nmethod: spec K=4 → ok\ndescription: " + "x".repeat(70_000)
                    + "\ntimestamp: 2026-06-01 10:00 UTC\nperplexity: 7\n---\nbody\n",
            "---\nscore: 3\nstatus: agent-run\nperplexity: 12.5\nagent: agent-9\n---\n",
            "---\nscore: 3\nstatus: negative\nmethod: [a, b]\n---\n",
            "---\nscore: '4'\nstatus: agent-run\n---\n",
            "---\nscore: 1\nstatus: [agent-run, done]\ndescription: {k: v}\n---\n",
            "---\nscore: [unclosed\n---\nbroken\n",
        };
        List<RankedEntry> out = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            String filename = i == 1 ? "notes-" + i + ".md" : "20260601-10000" + i + "-000_agent-" + i + ".md";
            var doc = FrontmatterCodec.parseLenient(docs[i]);
            out.add(RankedEntry.classify(
                    filename,
                    "sha256:" + i,
                    new RankInput(filename, doc.frontmatter(), doc.parseError().isPresent()),
                    policy));
        }
        return out;
    }

    private static List<String> fields(List<RankedEntry> entries) {
        return entries.stream()
                .map(e -> String.join(
                        "|",
                        e.filename,
                        e.hash,
                        e.kind.name(),
                        Double.toString(e.score),
                        e.stamp,
                        e.author,
                        e.guard.toString(),
                        Boolean.toString(e.overCap),
                        e.status,
                        e.texts.toString(),
                        e.state))
                .sorted() // the file keeps them by filename
                .toList();
    }
}
