package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read model's views and the board's channel and thread index, built incrementally while the service writes
 * and rebuilt from the store at start-up, answer every page kind exactly as a brute-force listing of the stored
 * records does: after random posts (channels, replies, mentions), out-of-band writes and deletes picked up after
 * the listing TTL, and a restart over the same folder. Pages are compared for random cursors, orders and limits,
 * with and without the filters ({@link BruteForce}).
 */
@Timeout(120)
class ReadIndexRestartTest {
    private static final List<String> CHANNELS = List.of("ops", "kv-cache", "general", "Bad Name");
    private static final List<String> AGENTS =
            List.of("agent-0", "agent-1", "agent-2", "agent-3", "agent-4", "agent-5");

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final CollabConfig config =
            ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG).build();

    private BucketStore open() {
        return FileSystemBucketStore.open(tmp.resolve("store"), clock);
    }

    @Test
    void everyPageKindAnswersLikeABruteForceListingBeforeAndAfterARestart() throws Exception {
        ServiceHarness h = new ServiceHarness(open(), clock, config);
        Random random = new Random(14);
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            agents.add("agent-" + i);
            h.onboard("agent-" + i, i);
        }
        BucketId central = config.centralBucket();
        List<String> posted = new ArrayList<>();
        for (int step = 0; step < 160; step++) {
            clock.advanceMillis(1 + random.nextInt(2000));
            int op = random.nextInt(10);
            String author = agents.get(random.nextInt(agents.size()));
            if (op < 6 || posted.isEmpty()) {
                MessagePost p =
                        MessagePost.raw(author, "step " + step + " for @" + agents.get(random.nextInt(agents.size())));
                if (random.nextBoolean()) {
                    p = p.inChannel(CHANNELS.get(random.nextInt(3)));
                }
                posted.add(h.anonymous().board().post(p).filename());
            } else if (op < 8) {
                String target = posted.get(random.nextInt(posted.size()));
                PostReceipt r = h.anonymous()
                        .board()
                        .post(MessagePost.raw(author, "reply " + step).replyTo(target));
                posted.add(r.filename());
            } else if (op == 8) {
                // out of band: a message in an odd channel and a broadcast, as an operator's tool would write them
                String stamp = String.format("20260601-11%04d-000", step);
                String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
                h.store.put(
                        central,
                        BucketPath.of("message_board/" + stamp + "_" + author + ".md"),
                        ("---\ntype: agent\nchannel: " + channel + "\n---\noob " + step + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                h.store.put(
                        central,
                        BucketPath.of("broadcasts/" + stamp + "_organizer.md"),
                        ("---\ntype: organizer\n---\nbroadcast " + step + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                // out of band: a message re-filed into another channel, or deleted
                String victim = posted.get(random.nextInt(posted.size()));
                BucketPath path = BucketPath.of("message_board/" + victim);
                if (random.nextBoolean()) {
                    h.store.put(
                            central,
                            path,
                            ("---\ntype: agent\nchannel: general\n---\nmoved " + step + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                } else {
                    h.store.delete(central, path);
                    posted.remove(victim);
                }
            }
            if (step % 40 == 39) {
                clock.advance(Duration.ofMinutes(5)); // past the listing TTL: out-of-band changes become visible
                compareAll(h, central, agents, random);
            }
        }
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "notes"));
        clock.advance(Duration.ofMinutes(5));
        compareAll(h, central, agents, random);
        Snapshot before = snapshot(h.anonymous(), posted, agents);

        ServiceHarness after = new ServiceHarness(open(), clock, config); // a restart over the same folder
        compareAll(after, central, agents, random);
        assertEquals(before, snapshot(after.anonymous(), posted, agents));
        after.service.close(); // waits for the audit rows written behind, before the folder is deleted
        h.service.close();
    }

    /** Everything a reader sees, for comparing two service instances. */
    private record Snapshot(List<Object> pages) {}

    private Snapshot snapshot(Collab c, List<String> posted, List<String> agents) {
        List<Object> pages = new ArrayList<>();
        pages.add(c.board().messages(ListQuery.builder().limit(0).build()));
        pages.add(c.board().channels());
        for (String ch : CHANNELS.subList(0, 3)) {
            pages.add(c.board().channel(ch, ListQuery.builder().limit(0).build()));
        }
        for (String a : agents) {
            pages.add(c.board().inbox(a, ListQuery.builder().limit(0).build()));
        }
        pages.add(c.digest().get(DigestQuery.as(agents.getFirst())));
        pages.add(c.leaderboard().leaderboard(LeaderboardQuery.defaults()));
        pages.add(c.taskforces().list(Optional.empty(), Optional.empty()));
        return new Snapshot(pages);
    }

    private void compareAll(ServiceHarness h, BucketId central, List<String> agents, Random random) {
        List<StoredDoc> board = brute(h.store, central, "message_board/");
        Collab c = h.anonymous();
        comparePages(board, q -> c.board().messages(q), random, "board");
        assertEquals(Channels.summaries(board), c.board().channels(), "channels");
        for (String ch : CHANNELS.subList(0, 3)) {
            List<StoredDoc> in = board.stream()
                    .filter(d -> d.doc().text("channel").equals(ch))
                    .toList();
            comparePages(in, q -> c.board().channel(ch, q), random, "channel " + ch);
        }
        for (StoredDoc d : board) {
            String root =
                    d.doc().text("thread").isEmpty() ? d.filename() : d.doc().text("thread");
            if (board.stream().noneMatch(x -> x.filename().equals(root))) {
                continue; // a reply whose root was deleted: the thread route answers 404 either way
            }
            List<MessageRecord> replies = board.stream()
                    .filter(x -> x.doc().text("thread").equals(root))
                    .map(StoredDoc::record)
                    .toList();
            assertEquals(replies, c.board().thread(d.filename()).replies(), "thread of " + d.filename());
        }
        List<StoredDoc> broadcasts = brute(h.store, central, "broadcasts/");
        for (String a : agents) {
            Map<String, StoredDoc> union = new TreeMap<>();
            broadcasts.forEach(d -> union.put(d.filename(), d));
            brute(h.store, central, "inbox/" + a + "/").forEach(d -> union.put(d.filename(), d));
            comparePages(List.copyOf(union.values()), q -> c.board().inbox(a, q), random, "inbox " + a);
        }
    }

    private void comparePages(
            List<StoredDoc> docs,
            java.util.function.Function<ListQuery, dev.agentcollab.api.query.Page<MessageRecord>> actual,
            Random random,
            String what) {
        // cursors, orders and limits, and the filters (since, until, agent, type, via, q) walked from the indexes
        BruteForce.comparePages(docs, actual, random, AGENTS, what, 16);
    }

    /** The records directly in a folder, read from the store itself (README excluded), ascending. */
    private static List<StoredDoc> brute(BucketStore store, BucketId bucket, String folder) {
        List<StoredDoc> out = new ArrayList<>();
        for (BucketEntry e : store.listAll(bucket, folder)) {
            String rest = e.path().value().substring(folder.length());
            if (!rest.endsWith(".md") || rest.contains("/") || rest.equalsIgnoreCase("README.md")) {
                continue;
            }
            byte[] bytes = store.read(bucket, e.path()).orElseThrow();
            out.add(new StoredDoc(e, FrontmatterCodec.parseLenient(new String(bytes, StandardCharsets.UTF_8))));
        }
        return out;
    }
}
