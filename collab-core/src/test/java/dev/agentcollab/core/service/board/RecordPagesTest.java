package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fast path of unfiltered message listings answers exactly what the list engine answers over every record:
 * same count, matched, items, order and next, for random cursors, limits, orders and expand, on one folder and on
 * an inbox union with overlapping copies, also after writes and deletes.
 */
class RecordPagesTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;
    private final ListEngine.Spec spec = ListEngine.Spec.messages(25);

    RecordPagesTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
    }

    private static String name(int n) {
        return String.format("20260601-10%04d-000_agent-%d.md", n, n % 7);
    }

    private static byte[] doc(int n) {
        return ("---\ntype: agent\n---\nmessage " + n + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<StoredDoc> union(List<String> folders) {
        Map<String, StoredDoc> all = new TreeMap<>();
        for (String f : folders.reversed()) {
            for (StoredDoc d : reads.documents(f)) {
                if (!d.filename().equalsIgnoreCase("README.md")) {
                    all.put(d.filename(), d);
                }
            }
        }
        return List.copyOf(all.values());
    }

    private void compare(List<String> folders, Random random, int rounds) {
        List<StoredDoc> docs = union(folders);
        for (int i = 0; i < rounds; i++) {
            ListQuery.Builder q = ListQuery.builder();
            if (random.nextBoolean()) {
                q.order(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
            }
            switch (random.nextInt(4)) {
                case 0 -> q.limit(random.nextInt(12) - 1);
                case 1 -> q.expand(true).limit(random.nextInt(40) - 1);
                case 2 -> q.expand(random.nextBoolean());
                default -> {}
            }
            if (!docs.isEmpty() && random.nextInt(3) == 0) {
                q.after(docs.get(random.nextInt(docs.size())).filename());
            }
            if (!docs.isEmpty() && random.nextInt(3) == 0) {
                q.before(docs.get(random.nextInt(docs.size())).filename());
            }
            ListQuery query = q.build();
            Page<MessageRecord> expected = ListEngine.run(BoardReads.items(docs), query, spec);
            Page<MessageRecord> actual =
                    RecordPages.page(reads, folders, query, spec).orElseThrow();
            assertEquals(expected, actual, query.toString());
        }
    }

    @Test
    void oneFolderAnswersLikeTheListEngine() {
        List<BatchOp> seed = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            seed.add(BatchOp.put("message_board/" + name(n), doc(n)));
        }
        seed.add(BatchOp.put("message_board/README.md", doc(-1)));
        seed.add(BatchOp.put("message_board/notes.txt", doc(-2)));
        reads.apply(seed);
        Random random = new Random(1);
        compare(List.of("message_board/"), random, 300);
        reads.apply(List.of(
                BatchOp.delete("message_board/" + name(5)), BatchOp.put("message_board/" + name(500), doc(500))));
        compare(List.of("message_board/"), random, 100);
    }

    @Test
    void anInboxUnionWithOverlappingCopiesAnswersLikeTheListEngine() {
        List<BatchOp> seed = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            seed.add(BatchOp.put("inbox/agent-1/" + name(n * 2), doc(n * 2)));
        }
        for (int n = 0; n < 15; n++) {
            seed.add(BatchOp.put("broadcasts/" + name(n * 8 + 1), doc(n * 8 + 1)));
        }
        // The same filename in both: the own copy wins and is counted once.
        seed.add(BatchOp.put("broadcasts/" + name(4), doc(999)));
        reads.apply(seed);
        Random random = new Random(2);
        compare(List.of("inbox/agent-1/", "broadcasts/"), random, 300);
        Page<MessageRecord> all = RecordPages.page(
                        reads,
                        List.of("inbox/agent-1/", "broadcasts/"),
                        ListQuery.builder().limit(0).build(),
                        spec)
                .orElseThrow();
        assertEquals(75, all.count());
        assertTrue(all.items().stream().noneMatch(m -> m.body().contains("999")), "the own copy wins");
    }

    @Test
    void aFolderWithSubfoldersTakesTheGeneralPath() {
        reads.apply(List.of(BatchOp.put("message_board/sub/" + name(1), doc(1))));
        assertTrue(RecordPages.page(reads, List.of("message_board/"), ListQuery.defaults(), spec)
                .isEmpty());
    }
}
