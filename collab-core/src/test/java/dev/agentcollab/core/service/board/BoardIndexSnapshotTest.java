package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board index's snapshot: a restart with it reads only the messages that changed while the service was down
 * and answers every channel, thread and filtered page exactly as a brute-force listing of the stored records does,
 * also after out-of-band edits, deletes and additions made meanwhile; a truncated, damaged, foreign-version or
 * foreign-bucket snapshot is ignored and the index is built from the store, with the same pages.
 */
@Timeout(120)
class BoardIndexSnapshotTest {
    private static final List<String> CHANNELS = List.of("ops", "kv-cache", "general");
    private static final List<String> AGENTS = List.of("agent-0", "agent-1", "agent-2", "agent-3");

    @TempDir
    Path tmp;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final Random random = new Random(14);

    private Path snapshot() {
        return tmp.resolve("data").resolve("board-index.snapshot");
    }

    private static CollabConfig config(String slug) {
        return ServiceHarness.unlimited(ServiceHarness.ORG, slug).build();
    }

    private ServiceHarness start(String slug) {
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        return new ServiceHarness(store, clock, config(slug), b -> b.boardIndexSnapshot(snapshot()));
    }

    private static BoardIndex index(ServiceHarness h) {
        return BoardIndex.of(h.service.context().reads());
    }

    /** Registers the agents and posts messages in channels, replies and plain ones; returns the filenames. */
    private List<String> populate(ServiceHarness h, int messages) {
        for (int i = 0; i < AGENTS.size(); i++) {
            h.onboard(AGENTS.get(i), i);
        }
        List<String> posted = new ArrayList<>();
        for (int n = 0; n < messages; n++) {
            clock.advanceMillis(1 + random.nextInt(3000));
            String author = AGENTS.get(random.nextInt(AGENTS.size()));
            MessagePost p = MessagePost.raw(author, "step " + n + " by " + author);
            int kind = random.nextInt(4);
            if (kind == 0) {
                p = p.inChannel(CHANNELS.get(random.nextInt(CHANNELS.size())));
            } else if (kind == 1 && !posted.isEmpty()) {
                p = p.replyTo(posted.get(random.nextInt(posted.size())));
            } else if (kind == 2) {
                p = p.withType("organizer");
            }
            posted.add(h.anonymous().board().post(p).filename());
        }
        return posted;
    }

    @Test
    void messagesPostedAfterTheLastReadAreInTheSnapshotWrittenAtClose() throws Exception {
        ServiceHarness h = start(ServiceHarness.SLUG);
        populate(h, 30);
        h.anonymous().board().channels(); // the index is built and current
        for (int n = 0; n < 5; n++) { // posted, and no read of the index follows before the close
            clock.advanceMillis(1000);
            h.anonymous().board().post(MessagePost.raw(AGENTS.get(n % AGENTS.size()), "late " + n));
        }
        h.service.close();

        ServiceHarness after = start(ServiceHarness.SLUG);
        after.anonymous().board().channels();
        assertEquals(0, index(after).messagesRead(), "every message, the late ones too, came from the snapshot");
        compareAll(after);
        after.service.close();
    }

    @Test
    void aRestartReadsOnlyTheMessagesThatChangedWhileTheServiceWasDown() throws Exception {
        ServiceHarness h = start(ServiceHarness.SLUG);
        List<String> posted = populate(h, 60);
        h.anonymous().board().channels(); // the index is current
        h.service.close();
        assertTrue(Files.size(snapshot()) > 0, "the snapshot is written at close");

        // while the service is down: a message re-filed into another channel, one deleted, one added
        BucketId central = h.config.centralBucket();
        String moved = posted.get(10);
        h.store.put(
                central,
                BucketPath.of("message_board/" + moved),
                "---\ntype: agent\nvia: raw\nchannel: general\n---\nmoved while down\n"
                        .getBytes(StandardCharsets.UTF_8));
        h.store.delete(central, BucketPath.of("message_board/" + posted.get(20)));
        h.store.put(
                central,
                BucketPath.of("message_board/20260601-120000-000_agent-1.md"),
                ("---\ntype: user\nvia: dashboard\nchannel: ops\nthread: " + posted.get(0)
                                + "\n---\nadded while down\n")
                        .getBytes(StandardCharsets.UTF_8));

        ServiceHarness after = start(ServiceHarness.SLUG);
        after.anonymous().board().channels();
        assertEquals(2, index(after).messagesRead(), "only the re-filed and the added message are read");
        compareAll(after);

        // and again, from the snapshot the restart wrote after catching up
        after.service.close();
        ServiceHarness third = start(ServiceHarness.SLUG);
        third.anonymous().board().channels();
        assertEquals(0, index(third).messagesRead(), "nothing changed since the last snapshot");
        compareAll(third);
        Object written =
                Files.readAttributes(snapshot(), BasicFileAttributes.class).fileKey();
        third.service.close();
        assertEquals(
                written,
                Files.readAttributes(snapshot(), BasicFileAttributes.class).fileKey(),
                "a stop with nothing changed since the file was loaded does not write it again");
    }

    @Test
    void aTruncatedOrDamagedSnapshotIsIgnoredAndTheIndexBuiltFromTheStore() throws Exception {
        ServiceHarness h = start(ServiceHarness.SLUG);
        populate(h, 40);
        h.anonymous().board().channels();
        h.service.close();
        byte[] good = Files.readAllBytes(snapshot());
        int board = BruteForce.records(h.store, h.config.centralBucket(), "message_board/")
                .size();

        List<byte[]> bad = new ArrayList<>();
        bad.add(Arrays.copyOf(good, good.length / 2)); // a crash in the middle of a copy, not of our write
        bad.add(Arrays.copyOf(good, 7));
        bad.add(new byte[0]);
        byte[] flipped = good.clone();
        flipped[good.length / 3] ^= 0x20;
        bad.add(flipped);
        bad.add(withVersion(good, BoardIndexSnapshot.VERSION + 1)); // a valid checksum, an unknown format
        for (byte[] bytes : bad) {
            Files.write(snapshot(), bytes);
            ServiceHarness after = start(ServiceHarness.SLUG);
            after.anonymous().board().channels();
            assertEquals(board, index(after).messagesRead(), "every message is read when the snapshot is unusable");
            compareAll(after);
            after.service.close();
            assertTrue(
                    BoardIndexSnapshot.read(snapshot(), h.config.centralBucket())
                            .isPresent(),
                    "the rebuilt index replaced the unusable snapshot");
        }
    }

    @Test
    void aSnapshotOfAnotherBucketIsIgnored() throws Exception {
        ServiceHarness other = start("other");
        populate(other, 30);
        other.anonymous().board().channels();
        other.service.close(); // the snapshot now describes org/other-main-bucket
        // the same messages, byte for byte, in this collaboration's bucket: only the bucket check tells them apart
        BucketId central = config(ServiceHarness.SLUG).centralBucket();
        other.store.create(central, true);
        for (StoredDoc d : BruteForce.records(other.store, other.config.centralBucket(), "message_board/")) {
            other.store.put(
                    central,
                    d.entry().path(),
                    other.store
                            .read(other.config.centralBucket(), d.entry().path())
                            .orElseThrow());
        }

        ServiceHarness h = start(ServiceHarness.SLUG);
        h.anonymous().board().channels();
        assertEquals(30, index(h).messagesRead(), "the other bucket's snapshot is not used");
        for (int i = 0; i < AGENTS.size(); i++) {
            h.onboard(AGENTS.get(i), i); // for the inbox pages
        }
        compareAll(h);
        h.service.close();
        assertTrue(BoardIndexSnapshot.read(snapshot(), central).isPresent());
        assertTrue(BoardIndexSnapshot.read(snapshot(), other.config.centralBucket())
                .isEmpty());
    }

    @Test
    void theFileRoundTripsItsEntries() throws Exception {
        BucketId bucket = BucketId.parse("org/collab-main-bucket");
        Map<String, BoardIndex.Meta> entries = new TreeMap<>();
        entries.put("20260601-100000-000_agent-1.md", new BoardIndex.Meta("h1", "ops", "", "agent", "raw"));
        entries.put("20260601-100001-000_agent-2.md", new BoardIndex.Meta("h2", "", "root.md", "", "dashboard"));
        entries.put("20260601-100002-000_agent-é.md", new BoardIndex.Meta("h3", "kv-cache", "", "用户", ""));
        BoardIndexSnapshot.write(snapshot(), bucket, entries);
        assertEquals(
                entries,
                new TreeMap<>(BoardIndexSnapshot.read(snapshot(), bucket).orElseThrow()));
        BoardIndexSnapshot.write(snapshot(), bucket, Map.of()); // replaced whole
        assertEquals(Map.of(), BoardIndexSnapshot.read(snapshot(), bucket).orElseThrow());
        assertTrue(BoardIndexSnapshot.read(tmp.resolve("absent"), bucket).isEmpty());
        try (var files = Files.list(snapshot().getParent())) {
            assertEquals(List.of(snapshot()), files.toList(), "no temporary file is left behind");
        }
    }

    /** A copy of a snapshot with another format version and a checksum that matches it. */
    private static byte[] withVersion(byte[] good, int version) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).putInt(4, version);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    /** Every page the board index answers, against a brute-force listing of the stored records. */
    private void compareAll(ServiceHarness h) {
        BucketId central = h.config.centralBucket();
        List<StoredDoc> board = BruteForce.records(h.store, central, "message_board/");
        Collab c = h.anonymous();
        BruteForce.comparePages(board, q -> c.board().messages(q), random, AGENTS, "board", 40);
        assertEquals(Channels.summaries(board), c.board().channels(), "channels");
        for (String ch : CHANNELS) {
            List<StoredDoc> in = board.stream()
                    .filter(d -> d.doc().text("channel").equals(ch))
                    .toList();
            BruteForce.comparePages(in, q -> c.board().channel(ch, q), random, AGENTS, "channel " + ch, 12);
        }
        for (StoredDoc d : board) {
            if (!d.doc().text("thread").isEmpty()) {
                continue;
            }
            List<MessageRecord> replies = board.stream()
                    .filter(x -> x.doc().text("thread").equals(d.filename()))
                    .map(StoredDoc::record)
                    .toList();
            assertEquals(replies, c.board().thread(d.filename()).replies(), "thread of " + d.filename());
        }
        List<StoredDoc> broadcasts = BruteForce.records(h.store, central, "broadcasts/");
        for (String a : AGENTS) {
            Map<String, StoredDoc> union = new TreeMap<>();
            broadcasts.forEach(d -> union.put(d.filename(), d));
            BruteForce.records(h.store, central, "inbox/" + a + "/").forEach(d -> union.put(d.filename(), d));
            BruteForce.comparePages(
                    List.copyOf(union.values()), q -> c.board().inbox(a, q), random, AGENTS, "inbox " + a, 8);
        }
    }
}
