package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel list kept by the board index: the same list while no channel changes, only the changed channels'
 * summaries built again, and always what a full parse of the board computes, through writes, deletes, moves between
 * channels and out-of-band edits.
 */
@Timeout(60)
class BoardIndexChannelsTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final ReadModel reads;
    private final BoardIndex index;

    BoardIndexChannelsTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, TTL, 1 << 20);
        index = BoardIndex.of(reads);
    }

    private static String name(int n, int agent) {
        return String.format(Locale.ROOT, "20260601-10%04d-000_agent-%d.md", n, agent);
    }

    private static byte[] message(String channel, int n) {
        String key = channel == null ? "" : "channel: " + channel + "\n";
        return ("---\ntype: agent\n" + key + "---\nmessage " + n + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void post(int n, int agent, String channel) {
        reads.apply(List.of(BatchOp.put(Folders.BOARD + name(n, agent), message(channel, n))));
    }

    private List<ChannelSummary> fullParse() {
        List<StoredDoc> board = new ArrayList<>();
        for (StoredDoc d : reads.documents(Folders.BOARD)) {
            if (!d.filename().equalsIgnoreCase("README.md")) {
                board.add(d);
            }
        }
        return Channels.summaries(board);
    }

    private ChannelSummary summary(List<ChannelSummary> list, String channel) {
        return list.stream()
                .filter(s -> s.channel().equals(channel))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theSameListIsReturnedUntilAChannelChangesAndOnlyTheChangedChannelIsBuiltAgain() {
        post(1, 1, "ops");
        post(2, 2, "ops");
        post(3, 1, "dev");
        post(4, 3, null);
        List<ChannelSummary> first = index.summaries().orElseThrow();
        assertEquals(fullParse(), first);
        assertSame(first, index.summaries().orElseThrow(), "nothing changed: the same list");

        post(5, 4, null); // a message outside every channel
        assertSame(first, index.summaries().orElseThrow(), "no channel changed: the same list");

        post(6, 5, "ops");
        List<ChannelSummary> second = index.summaries().orElseThrow();
        assertNotSame(first, second);
        assertEquals(fullParse(), second);
        assertEquals(3, summary(second, "ops").messageCount());
        assertSame(summary(first, "dev"), summary(second, "dev"), "an unchanged channel's summary is reused");

        reads.apply(List.of(BatchOp.delete(Folders.BOARD + name(3, 1))));
        List<ChannelSummary> third = index.summaries().orElseThrow();
        assertEquals(fullParse(), third);
        assertEquals(List.of("ops"), third.stream().map(ChannelSummary::channel).toList());
    }

    @Test
    void theListMatchesAFullParseThroughWritesDeletesMovesAndOutOfBandEdits() {
        Random random = new Random(14);
        String[] channels = {"ops", "dev", "bench", "Not-An-Id!", null};
        for (int step = 0; step < 600; step++) {
            int n = random.nextInt(120);
            int agent = n % 17;
            String path = Folders.BOARD + name(n, agent);
            String channel = channels[random.nextInt(channels.length)];
            switch (random.nextInt(5)) {
                case 0 -> reads.apply(List.of(BatchOp.delete(path)));
                case 1 -> store.put(central, BucketPath.of(path), message(channel, step)); // out of band
                case 2 -> store.delete(central, BucketPath.of(path)); // out of band
                default -> reads.apply(List.of(BatchOp.put(path, message(channel, step))));
            }
            if (step % 40 == 0) {
                clock.advance(TTL); // out-of-band edits become visible
                assertEquals(fullParse(), index.summaries().orElseThrow(), "after a reload, step " + step);
            } else if (step % 3 == 0) {
                assertEquals(fullParse(), index.summaries().orElseThrow(), "step " + step);
            }
        }
        clock.advance(TTL);
        assertEquals(fullParse(), index.summaries().orElseThrow());
    }
}
