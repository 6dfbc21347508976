package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Board and channel pages that ask for two or more of channel, {@code agent}, {@code type} and {@code via}, answered
 * from the board index's kept intersections ({@link BoardIndex#combination}), against the list engine over every
 * stored message, at every step of a random history: posts through the service in channels and threads, and
 * messages written, rewritten with other keys, and deleted out of band (seen after the listing's TTL). Every
 * combination is kept here, however small its sets, and more are asked than the index keeps, so some are dropped and
 * built again while the history goes on.
 */
@Timeout(120)
class BoardCombinationsTest extends BackendFixture {
    private static final List<String> AGENTS = List.of("agent-1", "agent-2", "agent-3");
    private static final List<String> CHANNELS = List.of("ops", "drafting", "");
    private static final List<String> TYPES = List.of("agent", "organizer", "user", "");
    private static final List<String> VIAS = List.of("raw", "dashboard", "promoted", "");

    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }

    @Test
    void pagesWithSeveralKeysAnswerWhatEveryStoredMessageAnswers() {
        Random random = new Random(1204);
        AGENTS.forEach(a -> h.onboard(a, Integer.parseInt(a.substring(6))));
        BoardIndex.of(h.service.context().reads()).keepCombinationsFrom(0); // every combination kept on this board
        BucketId central = h.config.centralBucket();
        boolean listedIsStored = true;
        List<String> oob = new ArrayList<>();
        int asked = 0;
        for (int step = 0; step < 160; step++) {
            clock.advanceMillis(1 + random.nextInt(3000));
            String agent = AGENTS.get(random.nextInt(AGENTS.size()));
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> {
                    clock.advance(Duration.ofSeconds(15)); // within each author's raw-message limit
                    MessagePost post = MessagePost.raw(agent, "step " + step);
                    String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
                    if (!channel.isEmpty()) {
                        post = post.inChannel(channel);
                    }
                    if (random.nextBoolean()) {
                        post = post.withType(random.nextBoolean() ? "organizer" : "agent");
                    }
                    h.anonymous().board().post(post);
                }
                case 3, 4 -> { // out of band: a message with any keys, or one of those rewritten with others
                    String path = !oob.isEmpty() && random.nextBoolean()
                            ? oob.get(random.nextInt(oob.size()))
                            : "message_board/" + String.format("20260601-11%04d-000_%s.md", step, agent);
                    h.store.put(central, BucketPath.of(path), message(random, step));
                    if (!oob.contains(path)) {
                        oob.add(path);
                    }
                    listedIsStored = false;
                }
                case 5 -> {
                    if (!oob.isEmpty()) {
                        h.store.delete(central, BucketPath.of(oob.remove(random.nextInt(oob.size()))));
                        listedIsStored = false;
                    }
                }
                default -> {
                    clock.advance(Duration.ofMinutes(5)); // past the listing's TTL
                    listedIsStored = true;
                }
            }
            if (!listedIsStored) {
                continue;
            }
            List<StoredDoc> board = BruteForce.records(h.store, central, "message_board/");
            for (int i = 0; i < 12; i++, asked++) {
                ListQuery query = query(random, board);
                Optional<String> channel = random.nextBoolean()
                        ? Optional.of(CHANNELS.get(random.nextInt(CHANNELS.size() - 1)))
                        : Optional.empty();
                List<StoredDoc> docs = channel.map(c -> board.stream()
                                .filter(d -> d.doc().text("channel").equals(c))
                                .toList())
                        .orElse(board);
                ListEngine.Spec spec = ListEngine.Spec.messages(h.config.expandMaxLimit());
                assertEquals(
                        ListEngine.run(BoardReads.items(docs), query, spec),
                        channel.isPresent()
                                ? h.anonymous().board().channel(channel.get(), query)
                                : h.anonymous().board().messages(query),
                        "step " + step + " channel " + channel + " " + query);
            }
        }
        BoardIndex index = BoardIndex.of(h.service.context().reads());
        long built = index.combinationsBuilt();
        assertEquals(BoardCombinations.MAX, index.combinationsKept(), "the most recently asked are kept");
        assertEquals(
                true,
                built > 2 * BoardCombinations.MAX,
                "combinations dropped and built again: " + built + " built over " + asked + " pages");
    }

    /** A query with two or three of agent, type and via (and a channel from the caller), a cursor and an order. */
    private static ListQuery query(Random random, List<StoredDoc> board) {
        ListQuery.Builder q = ListQuery.builder().limit(1 + random.nextInt(6));
        if (random.nextBoolean()) {
            q.order(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
        }
        if (!board.isEmpty() && random.nextInt(3) == 0) {
            q.after(board.get(random.nextInt(board.size())).filename());
        }
        int keys = 0;
        while (keys < 2) {
            if (random.nextBoolean()) {
                q.agent(AGENTS.get(random.nextInt(AGENTS.size())) + (random.nextInt(5) == 0 ? "-x" : ""));
                keys++;
            }
            if (random.nextBoolean()) {
                q.type(TYPES.get(random.nextInt(TYPES.size()))); // "" too: no type
                keys++;
            }
            if (random.nextBoolean()) {
                q.via(VIAS.get(random.nextInt(VIAS.size()))); // "" too: no via
                keys++;
            }
        }
        if (random.nextInt(5) == 0) {
            q.since(
                    board.isEmpty()
                            ? "2026-06-01T10:00:00Z"
                            : board.get(random.nextInt(board.size())).filename().substring(0, 19));
        }
        return q.build();
    }

    /** A message with random keys (some absent). */
    private static byte[] message(Random random, int step) {
        StringBuilder fm = new StringBuilder("---\n");
        String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
        String type = TYPES.get(random.nextInt(TYPES.size()));
        String via = VIAS.get(random.nextInt(VIAS.size()));
        if (!channel.isEmpty()) {
            fm.append("channel: ").append(channel).append('\n');
        }
        if (!type.isEmpty()) {
            fm.append("type: ").append(type).append('\n');
        }
        if (!via.isEmpty()) {
            fm.append("via: ").append(via).append('\n');
        }
        return (fm + "---\noob " + step + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
