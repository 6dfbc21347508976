package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbox counts kept write by write against the union of the two folders' listed names: copies and broadcasts that
 * share filenames (so the overlap grows and shrinks), written and deleted through the read model and out of band
 * (seen after the TTL), READMEs, inboxes asked now and then (so their written names pile up), and more writes
 * between two counts than an inbox or the queue keeps.
 */
@Timeout(60)
class InboxCountsTest {
    private static final List<String> INBOXES = List.of("inbox/agent-1/", "inbox/agent-2/", "inbox/agent-3/");

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final Random random = new Random(1204);

    @Test
    void countsAreTheUnionOfTheListedNames() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        for (int step = 0; step < 3000; step++) {
            String folder = random.nextInt(3) == 0 ? Folders.BROADCASTS : INBOXES.get(random.nextInt(INBOXES.size()));
            String name = random.nextInt(40) == 0
                    ? "README.md"
                    : String.format("20260601-1000%02d-000_agent-1.md", random.nextInt(30)); // shared names
            boolean outOfBand = random.nextInt(5) == 0;
            if (random.nextInt(3) == 0) {
                if (outOfBand) {
                    store.delete(central, BucketPath.of(folder + name));
                } else {
                    reads.apply(List.of(BatchOp.delete(folder + name)));
                }
            } else {
                byte[] text = ("---\ntype: agent\n---\nstep " + step + "\n").getBytes(StandardCharsets.UTF_8);
                if (outOfBand) {
                    store.put(central, BucketPath.of(folder + name), text);
                } else {
                    reads.apply(List.of(BatchOp.put(folder + name, text)));
                }
            }
            if (random.nextInt(15) == 0) {
                clock.advance(Duration.ofSeconds(31)); // past the TTL: out-of-band edits are listed
            }
            for (String inbox : INBOXES) {
                if (random.nextInt(3) == 0) { // not every inbox every time: written names pile up
                    assertCounted(reads, inbox, "step " + step);
                }
            }
        }
    }

    @Test
    void moreWritesThanKeptBetweenTwoCountsStartOver() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofHours(1), 1 << 20);
        String inbox = INBOXES.getFirst();
        for (int round = 0; round < 2; round++) {
            assertCounted(reads, inbox, "before round " + round);
            int writes = round == 0 ? InboxCounts.MAX_TOUCHED + 10 : InboxCounts.MAX_QUEUED + 10;
            List<BatchOp> ops = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                String name = String.format("2026%04d-%06d-000_agent-1.md", round, i);
                String folder = i % 2 == 0 ? Folders.BROADCASTS : inbox;
                ops.add(BatchOp.put(folder + name, "x".getBytes(StandardCharsets.UTF_8)));
                if (i % 3 == 0) { // the same name in the other folder too
                    String other = folder.equals(inbox) ? Folders.BROADCASTS : inbox;
                    ops.add(BatchOp.put(other + name, "y".getBytes(StandardCharsets.UTF_8)));
                }
                if (ops.size() >= 512) {
                    reads.apply(ops);
                    ops = new ArrayList<>();
                }
            }
            reads.apply(ops);
            assertCounted(reads, inbox, "after round " + round);
        }
    }

    private static void assertCounted(ReadModel reads, String inbox, String what) {
        ReadModel.Records own = reads.records(inbox).orElseThrow();
        ReadModel.Records all = reads.records(Folders.BROADCASTS).orElseThrow();
        TreeSet<String> union = new TreeSet<>();
        for (Iterator<String> it = own.filenames(null, null, false); it.hasNext(); ) {
            union.add(it.next());
        }
        for (Iterator<String> it = all.filenames(null, null, false); it.hasNext(); ) {
            union.add(it.next());
        }
        assertEquals(union.size(), InboxCounts.of(reads).count(inbox, own, all), what + " " + inbox);
    }
}
