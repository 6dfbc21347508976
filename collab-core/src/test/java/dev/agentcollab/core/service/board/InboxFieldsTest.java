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
 * rewritten with another value or deleted out of band (seen after the listing's TTL).
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
            switch (random.nextInt(8)) {
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
}
