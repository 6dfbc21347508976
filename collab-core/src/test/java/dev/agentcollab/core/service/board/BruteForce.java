package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Brute-force answers for the board's listings: the records read from the store itself and {@link ListEngine#run}
 * over all of them, with random queries that combine the cursor, order and limit with every filter a message
 * listing honours ({@code since}, {@code until}, {@code agent}, {@code type}, {@code via}, {@code q}).
 */
final class BruteForce {
    static final ListEngine.Spec SPEC = ListEngine.Spec.messages(25);
    private static final List<String> TYPES = List.of("agent", "organizer", "user", "none", "");
    private static final List<String> VIAS = List.of("raw", "dashboard", "promoted", "none", "");
    private static final List<String> WORDS = List.of("step 1", "reply", "oob", "channel: ops", "BROADCAST", "zzz");

    private BruteForce() {}

    /** The records directly in a folder, read from the store itself (README excluded), ascending. */
    static List<StoredDoc> records(BucketStore store, BucketId bucket, String folder) {
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

    /**
     * A random query over some records: cursor, order and limit as a client pages, plus random filters.
     *
     * @param random the randomness
     * @param docs the records the query is for (bounds and cursors are taken from them)
     * @param agents agent ids for {@code agent}
     * @param filters whether to add filters
     * @return the query
     */
    static ListQuery query(Random random, List<StoredDoc> docs, List<String> agents, boolean filters) {
        ListQuery.Builder q = ListQuery.builder();
        if (random.nextBoolean()) {
            q.order(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
        }
        q.limit(random.nextInt(8) - 1);
        if (!docs.isEmpty() && random.nextInt(3) == 0) {
            q.after(docs.get(random.nextInt(docs.size())).filename());
        }
        if (!docs.isEmpty() && random.nextInt(4) == 0) {
            q.before(docs.get(random.nextInt(docs.size())).filename());
        }
        if (random.nextInt(5) == 0) {
            q.agent(agents.get(random.nextInt(agents.size())));
        }
        if (!filters) {
            return q.build();
        }
        if (!docs.isEmpty() && random.nextInt(3) == 0) {
            String stamp = docs.get(random.nextInt(docs.size())).filename().substring(0, 19);
            q.since(random.nextBoolean() ? stamp : stamp.substring(0, 15)); // with and without milliseconds
        }
        if (!docs.isEmpty() && random.nextInt(3) == 0) {
            String stamp = docs.get(random.nextInt(docs.size())).filename().substring(0, 19);
            q.until(random.nextBoolean() ? stamp : iso(stamp));
        }
        if (random.nextInt(4) == 0) {
            q.type(TYPES.get(random.nextInt(TYPES.size())));
        }
        if (random.nextInt(4) == 0) {
            q.via(VIAS.get(random.nextInt(VIAS.size())));
        }
        if (random.nextInt(6) == 0) {
            q.q(WORDS.get(random.nextInt(WORDS.size())));
        }
        return q.build();
    }

    /**
     * {@code 20260601-101502-123} as {@code 2026-06-01T10:15:02Z} (seconds only: the bound is then .000); a stamp
     * that is no real time (test data written out of band) stays compact.
     */
    private static String iso(String stamp) {
        String iso = stamp.substring(0, 4) + "-" + stamp.substring(4, 6) + "-" + stamp.substring(6, 8) + "T"
                + stamp.substring(9, 11) + ":" + stamp.substring(11, 13) + ":" + stamp.substring(13, 15) + "Z";
        try {
            java.time.Instant.parse(iso);
            return iso;
        } catch (java.time.format.DateTimeParseException e) {
            return stamp;
        }
    }

    /**
     * Compares pages of random queries with the list engine over every record.
     *
     * @param docs the listing's records, brute force
     * @param actual the listing under test
     * @param random the randomness
     * @param agents agent ids
     * @param what the listing's name for messages
     * @param rounds how many queries
     */
    static void comparePages(
            List<StoredDoc> docs,
            Function<ListQuery, Page<MessageRecord>> actual,
            Random random,
            List<String> agents,
            String what,
            int rounds) {
        for (int i = 0; i < rounds; i++) {
            ListQuery query = query(random, docs, agents, true);
            assertEquals(ListEngine.run(BoardReads.items(docs), query, SPEC), actual.apply(query), what + " " + query);
        }
    }
}
