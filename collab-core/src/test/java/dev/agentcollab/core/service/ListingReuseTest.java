package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service's writes of the central bucket all go through its read model, so a board that only the service wrote
 * is not listed again when its TTL passes: posts, mentions, result promotions (their verification-index update
 * included) and taskforce writes. A file written to the central bucket by anyone else is.
 */
class ListingReuseTest {
    private static final String RESULT =
            "---\nscore: 12.5\nmethod: eagle\nstatus: agent-run\ndescription: d\n---\nwhat I did\n";

    @Test
    void theBoardIsListedOnceWhileOnlyTheServiceWritesAndAgainAfterAnOutOfBandWrite() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        BoardListings store = new BoardListings(InMemoryBucketStore.create(clock));
        ServiceHarness h = new ServiceHarness(store, clock);
        Duration ttl = h.config.listingTtl();
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.put("agent-1", "results/r.md", RESULT);
        h.as("tok-owner1").board().post(MessagePost.raw("agent-1", "first, for @agent-2"));
        // The start-up listing may have no mark (it can run before the central bucket exists); one TTL later the
        // board is listed again at most once, with its mark.
        clock.advance(ttl.plusSeconds(1));
        assertEquals(List.of("first, for @agent-2"), bodies(h));
        int listed = store.boardListings.get();
        assertTrue(listed >= 1, "the board was listed");

        h.as("tok-owner1").results().promote(h.uri("agent-1", "results/r.md"));
        clock.advance(ttl.plusSeconds(1));
        h.as("tok-owner2").board().post(MessagePost.raw("agent-2", "second, for @agent-1"));
        clock.advance(ttl.plusSeconds(1));
        assertEquals(List.of("second, for @agent-1", "first, for @agent-2"), bodies(h));
        assertEquals(listed, store.boardListings.get(), "two TTLs passed, and only the service wrote");

        BucketId central = h.config.centralBucket();
        BucketEntry mine = store.listAll(central, "message_board/").getFirst();
        String outOfBand = mine.path().value().replace(".md", "-edited.md");
        store.put(
                central,
                BucketPath.of(outOfBand),
                "---\nagent_id: agent-1\n---\nedited by hand\n".getBytes(StandardCharsets.UTF_8));
        int before = store.boardListings.get();
        clock.advance(ttl.plusSeconds(1));
        assertTrue(bodies(h).contains("edited by hand"), "the out-of-band file is listed within one TTL");
        assertEquals(before + 1, store.boardListings.get());
    }

    private static List<String> bodies(ServiceHarness h) {
        return h.anonymous().board().messages(ListQuery.defaults()).items().stream()
                .map(MessageRecord::body)
                .map(String::strip)
                .toList();
    }

    /** Counts the listings of the board. */
    private static final class BoardListings extends ForwardingBucketStore {
        final AtomicInteger boardListings = new AtomicInteger();

        BoardListings(BucketStore delegate) {
            super(delegate);
        }

        @Override
        public List<BucketEntry> listAll(BucketId bucket, String prefix) {
            if (prefix.equals("message_board/")) {
                boardListings.incrementAndGet();
            }
            return super.listAll(bucket, prefix);
        }
    }
}
