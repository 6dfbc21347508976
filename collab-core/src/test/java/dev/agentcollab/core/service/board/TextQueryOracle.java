package dev.agentcollab.core.service.board;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the {@code q} tests of a service share: the agents and channels they post with, random message bodies from
 * {@link TextIndexTest#WORDS}, and the walk over every folder a {@code q} reads (the board, each channel, each
 * inbox with the broadcasts), each read through the service and paired with its records read straight from the
 * store, for the test's own comparison.
 */
final class TextQueryOracle {
    static final List<String> CHANNELS = List.of("ops", "kv-cache", "general");
    static final List<String> AGENTS = List.of("agent-0", "agent-1", "agent-2", "agent-3");

    private TextQueryOracle() {}

    /** A test's comparison of one folder's pages with its records. */
    interface Check {
        void compare(List<StoredDoc> docs, Function<ListQuery, Page<MessageRecord>> actual, String what);
    }

    /** One to four random words. */
    static String body(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            b.append(TextIndexTest.WORDS.get(random.nextInt(TextIndexTest.WORDS.size())))
                    .append(' ');
        }
        return b.toString().strip();
    }

    /**
     * Runs a comparison over the board, each channel and each agent's inbox (its own copies and the broadcasts).
     *
     * @param h the service
     * @param central its central bucket
     * @param check the comparison
     */
    static void compareAll(ServiceHarness h, BucketId central, Check check) {
        Collab c = h.anonymous();
        List<StoredDoc> board = BruteForce.records(h.store, central, "message_board/");
        check.compare(board, q -> c.board().messages(q), "board");
        for (String ch : CHANNELS) {
            List<StoredDoc> in = board.stream()
                    .filter(d -> d.doc().text("channel").equals(ch))
                    .toList();
            check.compare(in, q -> c.board().channel(ch, q), "channel " + ch);
        }
        List<StoredDoc> broadcasts = BruteForce.records(h.store, central, "broadcasts/");
        for (String a : AGENTS) {
            Map<String, StoredDoc> union = new TreeMap<>();
            broadcasts.forEach(d -> union.put(d.filename(), d));
            BruteForce.records(h.store, central, "inbox/" + a + "/").forEach(d -> union.put(d.filename(), d));
            check.compare(List.copyOf(union.values()), q -> c.board().inbox(a, q), "inbox " + a);
        }
    }
}
