package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * The text indexes' snapshots: a restart loads the index of every folder searched before (in the background at
 * start-up), reads only the records that changed while the service was down, and answers every {@code q} page of
 * the board, the channels and the inboxes exactly as the list engine over every stored record does (mixed case,
 * non-ASCII text, frontmatter renderings, needles shorter than a gram), also after out-of-band edits, deletes and
 * additions; a truncated, damaged, foreign-version, foreign-bucket, other folder's or differently folded snapshot
 * is ignored and the index built from the store, with the same pages; concurrent first {@code q}s build a folder's index once.
 */
@Timeout(180)
class TextIndexSnapshotTest {
    private static final List<String> CHANNELS = TextQueryOracle.CHANNELS;
    private static final List<String> AGENTS = TextQueryOracle.AGENTS;
    /** The shared needles, plus words only the out-of-band edits write. */
    private static final List<String> NEEDLES = Stream.concat(
                    TextIndexTest.NEEDLES.stream(), Stream.of("while down", "ÉDITÉ hors", "édité", "gone-word"))
            .toList();

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final Random random = new Random(14);
    private final CollabConfig config =
            ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG).build();

    private Path boardSnapshot() {
        return tmp.resolve("data").resolve("board-index.snapshot");
    }

    private Path textSnapshot(String folder) {
        return TextIndexes.directory(boardSnapshot()).resolve(TextIndexes.fileName(folder));
    }

    private ServiceHarness start() {
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        return new ServiceHarness(store, clock, config, b -> b.boardIndexSnapshot(boardSnapshot()));
    }

    private static TextIndex text(ServiceHarness h, String folder) {
        return TextIndexes.of(h.service.context().reads(), folder);
    }

    /** Registers the agents, posts messages through the service and broadcasts and inbox copies out of band. */
    private List<String> populate(ServiceHarness h, int messages) {
        for (int i = 0; i < AGENTS.size(); i++) {
            h.onboard(AGENTS.get(i), i);
        }
        BucketId central = config.centralBucket();
        List<String> posted = new ArrayList<>();
        for (int n = 0; n < messages; n++) {
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
        for (int b = 0; b < 6; b++) {
            h.store.put(
                    central,
                    BucketPath.of(String.format("broadcasts/20260601-1100%02d-000_organizer.md", b)),
                    TextIndexTest.message(random));
        }
        h.store.put(
                central,
                BucketPath.of("inbox/agent-1/20260601-110000-000_organizer.md"),
                TextIndexTest.message(random));
        clock.advance(Duration.ofMinutes(5)); // past the listing TTL: the out-of-band files are listed
        return posted;
    }

    @Test
    void aRestartFromTheSavedIndexesReadsOnlyWhatChangedWhileDownAndAnswersLikeAScan() throws Exception {
        ServiceHarness h = start();
        List<String> posted = populate(h, 80);
        compareAll(h); // builds the board's, the broadcasts' and each inbox's index
        int board = BruteForce.records(h.store, config.centralBucket(), "message_board/")
                .size();
        assertEquals(board, text(h, Folders.BOARD).messagesRead(), "the first q read the board once");
        h.service.close();
        for (String folder : List.of(Folders.BOARD, Folders.BROADCASTS, Folders.inbox("agent-1"))) {
            assertTrue(Files.size(textSnapshot(folder)) > 0, "saved at close: " + folder);
        }

        // while the service is down: a board message edited, one deleted, one added; a broadcast and an own copy
        // edited, a broadcast deleted
        BucketId central = config.centralBucket();
        h.store.put(
                central,
                BucketPath.of("message_board/" + posted.get(10)),
                "---\ntype: agent\nchannel: ops\n---\nÉdité hors ligne while down\n".getBytes(StandardCharsets.UTF_8));
        h.store.delete(central, BucketPath.of("message_board/" + posted.get(20)));
        h.store.put(
                central,
                BucketPath.of("message_board/20260601-120000-000_agent-2.md"),
                "---\ntype: user\nvia: dashboard\n---\nadded while down: STRASSE 🚀 launch\n"
                        .getBytes(StandardCharsets.UTF_8));
        h.store.put(
                central,
                BucketPath.of("broadcasts/20260601-110001-000_organizer.md"),
                "---\ntype: organizer\n---\nbroadcast edited while down\n".getBytes(StandardCharsets.UTF_8));
        h.store.delete(central, BucketPath.of("broadcasts/20260601-110002-000_organizer.md"));
        h.store.put(
                central,
                BucketPath.of("inbox/agent-1/20260601-110000-000_organizer.md"),
                "own copy édité while down\n".getBytes(StandardCharsets.UTF_8));

        ServiceHarness after = start();
        // loaded at start-up, in the background, before any q
        awaitBuilt(text(after, Folders.BOARD));
        assertEquals(2, text(after, Folders.BOARD).messagesRead(), "only the edited and the added message are read");
        compareAll(after);
        assertEquals(1, text(after, Folders.BOARD).builds(), "built once, from the snapshot");
        assertEquals(2, text(after, Folders.BOARD).messagesRead(), "the queries read nothing more");
        assertEquals(1, text(after, Folders.BROADCASTS).messagesRead(), "only the edited broadcast is read");
        assertEquals(1, text(after, Folders.inbox("agent-1")).messagesRead(), "only the edited own copy is read");
        after.service.close();

        ServiceHarness third = start(); // from the snapshots the restart wrote after catching up
        compareAll(third);
        for (String folder : List.of(Folders.BOARD, Folders.BROADCASTS, Folders.inbox("agent-1"))) {
            assertEquals(0, text(third, folder).messagesRead(), "nothing changed since the last save: " + folder);
        }
        Path boardFile = textSnapshot(Folders.BOARD);
        Object written =
                Files.readAttributes(boardFile, BasicFileAttributes.class).fileKey();
        third.service.close();
        assertEquals(
                written,
                Files.readAttributes(boardFile, BasicFileAttributes.class).fileKey(),
                "a stop with nothing changed since the file was loaded does not write it again");
    }

    @Test
    void messagesPostedAfterTheLastQueryAreInTheSnapshotWrittenAtClose() throws Exception {
        ServiceHarness h = start();
        populate(h, 30);
        compareAll(h); // builds the board's index
        for (int n = 0; n < 5; n++) { // posted with no query after them: their changes are still pending
            clock.advanceMillis(700);
            h.anonymous().board().post(MessagePost.raw("agent-1", "after the last query, number " + n));
        }
        h.service.close();

        ServiceHarness after = start();
        awaitBuilt(text(after, Folders.BOARD));
        assertEquals(
                0, text(after, Folders.BOARD).messagesRead(), "every message was in the snapshot written at close");
        compareAll(after);
        after.service.close();
    }

    @Test
    void anUnusableOrForeignSnapshotIsIgnoredAndTheIndexBuiltFromTheStore() throws Exception {
        ServiceHarness h = start();
        populate(h, 50);
        compareAll(h);
        h.service.close();
        BucketId central = config.centralBucket();
        int board = BruteForce.records(h.store, central, "message_board/").size();
        byte[] good = Files.readAllBytes(textSnapshot(Folders.BOARD));
        TextIndexSnapshot.State state = TextIndexSnapshot.read(textSnapshot(Folders.BOARD), central, Folders.BOARD)
                .orElseThrow();

        Map<String, byte[]> bad = new TreeMap<>();
        bad.put("half", Arrays.copyOf(good, good.length / 2));
        bad.put("seven bytes", Arrays.copyOf(good, 7));
        bad.put("empty", new byte[0]);
        byte[] flipped = good.clone();
        flipped[good.length / 3] ^= 0x20;
        bad.put("one bit flipped", flipped);
        bad.put("another version", withVersion(good, TextIndexSnapshot.VERSION + 1));
        // a valid file of a build that folds text into grams differently: its postings would miss matches
        int scheme = 8 + 2 + central.toString().length() + 2 + Folders.BOARD.length();
        bad.put("another text folding", withInt(good, scheme, TextIndexSnapshot.SCHEME + 1));
        bad.put(
                "another bucket",
                TextIndexSnapshot.encode(BucketId.parse("org/other-main-bucket"), Folders.BOARD, state));
        bad.put("the broadcasts' index", Files.readAllBytes(textSnapshot(Folders.BROADCASTS)));
        bad.put("the board index's snapshot", Files.readAllBytes(boardSnapshot()));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            Files.write(textSnapshot(Folders.BOARD), e.getValue());
            ServiceHarness after = start();
            compareAll(after);
            assertEquals(
                    board,
                    text(after, Folders.BOARD).messagesRead(),
                    e.getKey() + ": every message is read when the snapshot is unusable");
            assertEquals(1, text(after, Folders.BOARD).builds(), e.getKey());
            after.service.close();
            assertTrue(
                    TextIndexSnapshot.read(textSnapshot(Folders.BOARD), central, Folders.BOARD)
                            .isPresent(),
                    e.getKey() + ": the rebuilt index replaced the unusable snapshot");
        }
    }

    @Test
    void concurrentFirstQueriesBuildTheIndexOnceAndAnswerLikeAScan() throws Exception {
        ServiceHarness h = start(); // no snapshot yet: the first q builds from the store
        populate(h, 150);
        List<StoredDoc> board = BruteForce.records(h.store, config.centralBucket(), "message_board/");
        List<ListQuery> queries = new ArrayList<>();
        for (String needle : NEEDLES) {
            queries.add(ListQuery.builder().q(needle).limit(0).build());
        }
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<ListQuery, Page<MessageRecord>>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int offset = t;
                answers.add(pool.submit(() -> {
                    assertTrue(go.await(30, TimeUnit.SECONDS));
                    Map<ListQuery, Page<MessageRecord>> out = new HashMap<>();
                    for (int i = 0; i < queries.size(); i++) {
                        ListQuery q = queries.get((i + offset) % queries.size());
                        out.put(q, h.anonymous().board().messages(q));
                    }
                    return out;
                }));
            }
            go.countDown();
            for (Future<Map<ListQuery, Page<MessageRecord>>> f : answers) {
                Map<ListQuery, Page<MessageRecord>> got = f.get(120, TimeUnit.SECONDS);
                for (ListQuery q : queries) {
                    assertEquals(ListEngine.run(BoardReads.items(board), q, BruteForce.SPEC), got.get(q), q.toString());
                }
            }
        }
        assertEquals(1, text(h, Folders.BOARD).builds(), "one build for every concurrent first q");
        assertEquals(board.size(), text(h, Folders.BOARD).messagesRead(), "each message read once");
        h.service.close();
    }

    @Test
    void aBuildInProgressHoldsOnlyTheQueriesOfItsFolder() throws Exception {
        ServiceHarness h = start(); // no snapshot yet: the first q builds from the store
        populate(h, 60);
        List<StoredDoc> board = BruteForce.records(h.store, config.centralBucket(), "message_board/");
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        text(h, Folders.BOARD).beforeBuild(() -> {
            building.countDown();
            try {
                assertTrue(release.await(60, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ListQuery q = ListQuery.builder().q("STRASSE").limit(0).build();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Future<Page<MessageRecord>> first =
                    pool.submit(() -> h.anonymous().board().messages(q));
            assertTrue(building.await(30, TimeUnit.SECONDS), "the first q started the build");
            Future<Page<MessageRecord>> second =
                    pool.submit(() -> h.anonymous().board().messages(q));
            // while the board's text index is being built: other requests, a write and another folder's q
            Future<?> others = pool.submit(() -> {
                Collab c = h.anonymous();
                c.board().messages(ListQuery.defaults());
                c.board().channel("ops", ListQuery.defaults());
                c.board().channels();
                c.board().inbox("agent-1", ListQuery.defaults());
                c.board().inbox("agent-2", ListQuery.builder().q("step").build());
                c.board().post(MessagePost.raw("agent-3", "an unrelated write"));
                return null;
            });
            others.get(60, TimeUnit.SECONDS); // does not wait for the build
            assertFalse(first.isDone(), "the first q is still building");
            assertFalse(second.isDone(), "the second q waits for that build");
            release.countDown();
            Page<MessageRecord> expected = ListEngine.run(BoardReads.items(board), q, BruteForce.SPEC);
            assertEquals(expected, first.get(60, TimeUnit.SECONDS));
            assertEquals(expected, second.get(60, TimeUnit.SECONDS));
        }
        assertEquals(1, text(h, Folders.BOARD).builds(), "the second q did not start a build of its own");
        compareAll(h); // the write made during the build is indexed by the next catch-up
        h.service.close();
    }

    @Test
    void theFileRoundTripsDeadAndFreeOrdinals() throws Exception {
        BucketId bucket = BucketId.parse("org/collab-main-bucket");
        List<String> names = Arrays.asList("a.md", null, "ü 🚀.md", null, "c.md");
        List<String> hashes = Arrays.asList("h1", null, "h3", null, "h5");
        RoaringBitmap dead = RoaringBitmap.bitmapOf(1); // 3 is free
        Map<Long, RoaringBitmap> postings = new HashMap<>();
        postings.put(Trigrams.key('a', 'b', 'c'), RoaringBitmap.bitmapOf(0, 1, 4));
        postings.put(Trigrams.key('\uD83D', '\uDE80', ' '), RoaringBitmap.bitmapOf(2));
        Path file = tmp.resolve("t").resolve(TextIndexes.fileName("inbox/agent-1/"));
        TextIndexSnapshot.write(
                file,
                TextIndexSnapshot.encode(
                        bucket, "inbox/agent-1/", new TextIndexSnapshot.State(names, hashes, dead, postings)));
        TextIndexSnapshot.State back =
                TextIndexSnapshot.read(file, bucket, "inbox/agent-1/").orElseThrow();
        assertEquals(names, back.names());
        assertEquals(hashes, back.hashes());
        assertEquals(dead, back.dead());
        assertEquals(postings, back.postings());
        assertTrue(TextIndexSnapshot.read(file, bucket, "inbox/agent-2/").isEmpty(), "another folder's");
        assertTrue(TextIndexSnapshot.read(tmp.resolve("absent"), bucket, "m/").isEmpty());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        assertFalse(TextIndexes.fileName("inbox/agent-1/").contains("/"));
    }

    /** Waits (with a deadline) for the start-up's background load of an index. */
    private static void awaitBuilt(TextIndex index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (index.builds() == 0) {
            assertTrue(System.nanoTime() < deadline, "the index was not loaded at start-up within 60 s");
            Thread.sleep(10);
        }
    }

    /** A copy of a snapshot with another format version and a checksum that matches it. */
    private static byte[] withVersion(byte[] good, int version) {
        return withInt(good, 4, version);
    }

    /** A copy of a snapshot with another int at an offset and a checksum that matches it. */
    private static byte[] withInt(byte[] good, int offset, int value) {
        byte[] b = good.clone();
        assertEquals(
                offset == 4 ? TextIndexSnapshot.VERSION : TextIndexSnapshot.SCHEME,
                ByteBuffer.wrap(b).getInt(offset),
                "the field being replaced");
        ByteBuffer.wrap(b).putInt(offset, value);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    /** Every {@code q} page of the board, the channels and the inboxes against the list engine over the store. */
    private void compareAll(ServiceHarness h) {
        TextQueryOracle.compareAll(h, config.centralBucket(), this::compare);
    }

    /** Every needle alone (every record), and with random cursors, orders, limits and other filters. */
    private void compare(List<StoredDoc> docs, Function<ListQuery, Page<MessageRecord>> actual, String what) {
        for (String needle : NEEDLES) {
            ListQuery alone = ListQuery.builder().q(needle).limit(0).build();
            assertEquals(ListEngine.run(BoardReads.items(docs), alone, BruteForce.SPEC), actual.apply(alone), what);
            ListQuery q = BruteForce.query(random, docs, AGENTS, random.nextBoolean()).toBuilder()
                    .q(needle)
                    .build();
            assertEquals(ListEngine.run(BoardReads.items(docs), q, BruteForce.SPEC), actual.apply(q), what + " " + q);
        }
    }
}
