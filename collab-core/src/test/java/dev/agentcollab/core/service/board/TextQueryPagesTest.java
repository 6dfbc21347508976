package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages filtered by {@code q}, answered from the text indexes, against the list engine over every stored record:
 * on the board, in channels and in inboxes (own copies and broadcasts), alone and combined with random cursors,
 * orders, limits and the other filters; for needles in mixed case and non-ASCII text, frontmatter renderings and
 * needles shorter than a gram; after posts, replies and mentions through the service, out-of-band edits, deletes
 * and additions seen after the listing TTL, and a restart from the board index's and the text indexes' snapshots.
 */
@Timeout(180)
class TextQueryPagesTest {
    private static final List<String> CHANNELS = TextQueryOracle.CHANNELS;
    private static final List<String> AGENTS = TextQueryOracle.AGENTS;

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final Random random = new Random(14);
    private final CollabConfig config =
            ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG).build();

    private ServiceHarness start() {
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        return new ServiceHarness(store, clock, config, b -> b.boardIndexSnapshot(tmp.resolve("board.snapshot")));
    }

    @Test
    void qPagesAnswerLikeABruteForceListingThroughEditsDeletesAndARestart() throws Exception {
        ServiceHarness h = start();
        for (int i = 0; i < AGENTS.size(); i++) {
            h.onboard(AGENTS.get(i), i);
        }
        BucketId central = config.centralBucket();
        List<String> posted = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 25; i++) { // through the service: seen at once
                clock.advanceMillis(1 + random.nextInt(1500));
                String author = AGENTS.get(random.nextInt(AGENTS.size()));
                MessagePost p = MessagePost.raw(
                        author, TextQueryOracle.body(random) + " @" + AGENTS.get(random.nextInt(AGENTS.size())));
                int kind = random.nextInt(5);
                if (kind == 0) {
                    p = p.inChannel(CHANNELS.get(random.nextInt(CHANNELS.size())));
                } else if (kind == 1 && !posted.isEmpty()) {
                    p = p.replyTo(posted.get(random.nextInt(posted.size())));
                } else if (kind == 2) {
                    p = p.withType("organizer");
                }
                posted.add(h.anonymous().board().post(p).filename());
            }
            compareAll(h);
            // out of band: an edit into a channel, a delete, an addition and a broadcast
            String edited = posted.get(random.nextInt(posted.size()));
            h.store.put(
                    central,
                    BucketPath.of("message_board/" + edited),
                    ("---\ntype: agent\nchannel: ops\n---\nedited " + TextQueryOracle.body(random) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            String gone = posted.remove(random.nextInt(posted.size()));
            h.store.delete(central, BucketPath.of("message_board/" + gone));
            String stamp = String.format("20260601-12%02d00-000", round);
            h.store.put(
                    central, BucketPath.of("message_board/" + stamp + "_agent-2.md"), TextIndexTest.message(random));
            for (int b = 0; b < 3; b++) { // broadcasts are written by organizers; here by an operator's tool
                h.store.put(
                        central,
                        BucketPath.of(String.format("broadcasts/20260601-12%02d%02d-000_organizer.md", round, b)),
                        TextIndexTest.message(random));
            }
            // an inbox's own copy of a broadcast, with other text: the own copy wins, and decides whether q matches
            h.store.put(
                    central,
                    BucketPath.of(String.format("inbox/agent-1/20260601-12%02d00-000_organizer.md", round)),
                    TextIndexTest.message(random));
            clock.advance(Duration.ofMinutes(5)); // past the listing TTL
            compareAll(h);
        }
        h.service.close();

        ServiceHarness after = start(); // a restart from the board index's and the text indexes' snapshots
        compareAll(after);
        assertEquals(
                0,
                TextIndexes.of(after.service.context().reads(), Folders.BOARD).messagesRead(),
                "the first q after a restart reads nothing: the saved text index is confirmed by the listing");
        after.anonymous().board().messages(ListQuery.builder().q("step").build());
        assertEquals(
                0,
                TextIndexes.of(after.service.context().reads(), Folders.BOARD).messagesRead(),
                "later queries read nothing more while nothing changed");
    }

    /** Every {@code q} page of the board, the channels and the inboxes against the list engine over the store. */
    private void compareAll(ServiceHarness h) {
        TextQueryOracle.compareAll(h, config.centralBucket(), this::compare);
    }

    /** Every needle, alone (every record) and with random cursors, orders, limits and other filters. */
    private void compare(List<StoredDoc> docs, Function<ListQuery, Page<MessageRecord>> actual, String what) {
        int hits = 0;
        for (String needle : TextIndexTest.NEEDLES) {
            ListQuery alone = ListQuery.builder().q(needle).limit(0).build();
            Page<MessageRecord> all = actual.apply(alone);
            assertEquals(ListEngine.run(BoardReads.items(docs), alone, BruteForce.SPEC), all, what + " " + alone);
            hits += all.matched();
            for (int i = 0; i < 2; i++) {
                ListQuery q = BruteForce.query(random, docs, AGENTS, random.nextBoolean()).toBuilder()
                        .q(needle)
                        .build();
                assertEquals(
                        ListEngine.run(BoardReads.items(docs), q, BruteForce.SPEC), actual.apply(q), what + " " + q);
            }
        }
        assertTrue(docs.isEmpty() || hits > 0, what + ": some needle matches");
    }
}
