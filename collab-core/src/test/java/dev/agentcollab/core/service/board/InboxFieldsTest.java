package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbox pages filtered by {@code type} or {@code via}, walked from each folder's {@link FieldIndex}, against the list
 * engine over every stored record of the inbox and the broadcasts, at every step of a random history: copies and
 * broadcasts written through the service (seen at once, applied one by one), and copies and broadcasts written,
 * rewritten with another value or deleted out of band (seen after the listing's TTL), board messages copied out of
 * band into an inbox with their own bytes or other ones, and board messages rewritten out of band after their copies
 * were made (the index takes a copy's values from the board index only at the same content hash).
 */
@Timeout(120)
class InboxFieldsTest extends BackendFixture {
    private static final List<String> AGENTS = List.of("agent-1", "agent-2", "agent-3");
    private static final List<String> TYPES = List.of("agent", "organizer", "user", "none");
    private static final List<String> VIAS = List.of("raw", "dashboard", "promoted", "none");

    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }

    @Test
    void filteredInboxPagesAnswerWhatEveryStoredRecordAnswers() {
        Random random = new Random(1203);
        AGENTS.forEach(a -> h.onboard(a, Integer.parseInt(a.substring(6))));
        BucketId central = h.config.centralBucket();
        boolean listedIsStored = true; // no out-of-band edit since the views were last reloaded
        List<String> oob = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            clock.advanceMillis(1 + random.nextInt(3000));
            String to = AGENTS.get(random.nextInt(AGENTS.size()));
            switch (random.nextInt(9)) {
                case 0, 1, 2 ->
                    h.anonymous() // a copy in the mentioned agent's inbox
                            .board()
                            .post(MessagePost.raw(
                                    AGENTS.get(random.nextInt(AGENTS.size())), "step " + step + " @" + to));
                case 3 ->
                    h.as("tok-alice") // a broadcast, in every inbox
                            .board()
                            .post(MessagePost.raw("human-alice", "all hands " + step)
                                    .asBroadcast());
                case 4, 5 -> { // out of band: a copy or broadcast with some type and via, or one rewritten so
                    String path = !oob.isEmpty() && random.nextBoolean()
                            ? oob.get(random.nextInt(oob.size()))
                            : (random.nextInt(3) == 0 ? "broadcasts/" : "inbox/" + to + "/")
                                    + String.format("20260601-11%04d-000_agent-%d.md", step, 1 + random.nextInt(3));
                    h.store.put(
                            central,
                            BucketPath.of(path),
                            ("---\ntype: " + TYPES.get(random.nextInt(TYPES.size())) + "\nvia: "
                                            + VIAS.get(random.nextInt(VIAS.size())) + "\n---\noob " + step + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    if (!oob.contains(path)) {
                        oob.add(path);
                    }
                    listedIsStored = false;
                }
                case 6 -> { // out of band: one of those deleted
                    if (!oob.isEmpty()) {
                        h.store.delete(central, BucketPath.of(oob.remove(random.nextInt(oob.size()))));
                        listedIsStored = false;
                    }
                }
                case 7 -> { // out of band: a board message copied into an inbox, as it is or changed, or rewritten
                    List<StoredDoc> board = BruteForce.records(h.store, central, "message_board/");
                    if (!board.isEmpty()) {
                        StoredDoc m = board.get(random.nextInt(board.size()));
                        int how = random.nextInt(3);
                        String path = how == 2 ? "message_board/" + m.filename() : "inbox/" + to + "/" + m.filename();
                        byte[] bytes = how == 0
                                ? h.store
                                        .read(central, BucketPath.of("message_board/" + m.filename()))
                                        .orElseThrow()
                                : ("---\ntype: " + TYPES.get(random.nextInt(TYPES.size())) + "\nvia: "
                                                + VIAS.get(random.nextInt(VIAS.size())) + "\n---\nchanged " + step
                                                + "\n")
                                        .getBytes(StandardCharsets.UTF_8);
                        h.store.put(central, BucketPath.of(path), bytes);
                        if (how != 2 && !oob.contains(path)) {
                            oob.add(path);
                        }
                        listedIsStored = false;
                    }
                }
                default -> {
                    clock.advance(Duration.ofMinutes(5)); // past the listing's TTL: out-of-band edits are seen
                    listedIsStored = true;
                }
            }
            if (!listedIsStored) {
                continue;
            }
            List<StoredDoc> broadcasts = BruteForce.records(h.store, central, "broadcasts/");
            for (String a : AGENTS) {
                Map<String, StoredDoc> union = new TreeMap<>();
                broadcasts.forEach(d -> union.put(d.filename(), d));
                BruteForce.records(h.store, central, "inbox/" + a + "/").forEach(d -> union.put(d.filename(), d));
                List<StoredDoc> docs = List.copyOf(union.values());
                for (int i = 0; i < 6; i++) {
                    ListQuery.Builder q = BruteForce.query(random, docs, AGENTS, false).toBuilder();
                    int which = random.nextInt(3);
                    if (which != 1) {
                        q.type(TYPES.get(random.nextInt(TYPES.size())));
                    }
                    if (which != 0) {
                        q.via(VIAS.get(random.nextInt(VIAS.size())));
                    }
                    if (random.nextInt(4) == 0) {
                        q.since(
                                docs.isEmpty()
                                        ? "2026-06-01T10:00:00Z"
                                        : docs.get(random.nextInt(docs.size()))
                                                .filename()
                                                .substring(0, 19));
                    }
                    ListQuery query = q.build();
                    org.junit.jupiter.api.Assertions.assertEquals(
                            dev.agentcollab.core.service.internal.ListEngine.run(
                                    BoardReads.items(docs), query, BruteForce.SPEC),
                            h.anonymous().board().inbox(a, query),
                            "step " + step + " inbox " + a + " " + query);
                }
            }
        }
    }

    @Test
    void copiesOfBoardMessagesAreIndexedWithoutReadingThem() {
        AGENTS.forEach(a -> h.onboard(a, Integer.parseInt(a.substring(6))));
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(20)); // within each author's raw-message limit
            MessagePost post = MessagePost.raw(i % 2 == 0 ? "agent-2" : "agent-3", "update " + i + " @agent-1");
            h.anonymous().board().post(i % 3 == 0 ? post.withType("organizer") : post);
        }
        clock.advanceMillis(1500);
        String broadcast = h.as("tok-alice")
                .board()
                .post(MessagePost.raw("human-alice", "all hands").asBroadcast())
                .filename();
        ListQuery query = ListQuery.builder().type("organizer").build();
        var page = h.anonymous().board().inbox("agent-1", query);
        org.junit.jupiter.api.Assertions.assertEquals(4, page.matched(), "four organizer copies");
        var reads = h.service.context().reads();
        org.junit.jupiter.api.Assertions.assertEquals(
                0, FieldIndex.of(reads, "inbox/agent-1/").recordsRead());
        org.junit.jupiter.api.Assertions.assertEquals(
                0, FieldIndex.of(reads, "broadcasts/").recordsRead());

        // a copy whose bytes are not its board message's is read, and indexed by what it holds
        String filename = page.items().getFirst().filename();
        BucketId central = h.config.centralBucket();
        h.store.put(
                central,
                BucketPath.of("inbox/agent-1/" + filename),
                "---\ntype: user\n---\nedited\n".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofMinutes(5));
        org.junit.jupiter.api.Assertions.assertEquals(
                3, h.anonymous().board().inbox("agent-1", query).matched());
        var users = h.anonymous()
                .board()
                .inbox("agent-1", ListQuery.builder().type("user").build());
        org.junit.jupiter.api.Assertions.assertEquals( // the edited copy, and the human's broadcast (type user)
                List.of(filename, broadcast).stream().sorted().toList(),
                users.items().stream().map(m -> m.filename()).sorted().toList());
        org.junit.jupiter.api.Assertions.assertEquals(
                1, FieldIndex.of(reads, "inbox/agent-1/").recordsRead());

        // an inbox copy of the broadcast's filename wins over the broadcast: its type is the copy's, not the board's
        h.store.put(
                central,
                BucketPath.of("inbox/agent-1/" + broadcast),
                "---\ntype: agent\n---\nmine\n".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofMinutes(5));
        for (int limit : List.of(1, 5)) {
            var onlyEdited = h.anonymous()
                    .board()
                    .inbox(
                            "agent-1",
                            ListQuery.builder().type("user").limit(limit).build());
            org.junit.jupiter.api.Assertions.assertEquals(1, onlyEdited.matched(), "the broadcast is shadowed");
            org.junit.jupiter.api.Assertions.assertEquals(
                    List.of(filename),
                    onlyEdited.items().stream().map(m -> m.filename()).toList());
        }
        var agents = h.anonymous()
                .board()
                .inbox("agent-1", ListQuery.builder().type("agent").build());
        org.junit.jupiter.api.Assertions.assertEquals(9, agents.matched(), "eight copies of type agent, and mine");
        org.junit.jupiter.api.Assertions.assertEquals(
                broadcast, agents.items().getFirst().filename());
    }

    @Test
    void bothFieldsArePagedFromTheRecordsAlreadyIndexedAndKeptAfterwards() {
        AGENTS.forEach(a -> h.onboard(a, Integer.parseInt(a.substring(6))));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(20));
            MessagePost post = MessagePost.raw(i % 2 == 0 ? "agent-2" : "agent-3", "note " + i + " @agent-1");
            h.anonymous().board().post(i % 3 == 0 ? post.withType("organizer") : post);
        }
        var board = h.anonymous().board();
        org.junit.jupiter.api.Assertions.assertEquals( // the folder indexed by a page that asks for one field
                6,
                board.inbox("agent-1", ListQuery.builder().type("agent").build())
                        .matched());
        ListQuery both = ListQuery.builder().type("agent").via("raw").limit(4).build();
        var first = board.inbox("agent-1", both);
        org.junit.jupiter.api.Assertions.assertEquals(6, first.matched(), "the records indexed before, by pair");
        org.junit.jupiter.api.Assertions.assertEquals(4, first.items().size());
        var rest = board.inbox(
                "agent-1", both.toBuilder().before(first.next().orElseThrow()).build());
        org.junit.jupiter.api.Assertions.assertEquals(2, rest.items().size());
        org.junit.jupiter.api.Assertions.assertEquals(
                0,
                board.inbox(
                                "agent-1",
                                ListQuery.builder()
                                        .type("organizer")
                                        .via("dashboard")
                                        .build())
                        .matched());

        clock.advance(Duration.ofSeconds(20)); // a copy written after the pairs are kept
        board.post(MessagePost.raw("agent-2", "one more @agent-1"));
        org.junit.jupiter.api.Assertions.assertEquals(
                7, board.inbox("agent-1", both).matched());
        org.junit.jupiter.api.Assertions.assertEquals(
                4,
                board.inbox(
                                "agent-1",
                                ListQuery.builder().type("organizer").via("raw").build())
                        .matched());
        org.junit.jupiter.api.Assertions.assertEquals(
                0, FieldIndex.of(h.service.context().reads(), "inbox/agent-1/").recordsRead());
    }
}
