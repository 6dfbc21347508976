package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead: a view read in the last quarter of its TTL is served at once and reloaded on the refresher, whose
 * watchers then catch up there; past the TTL the request reloads it, as without a refresher.
 */
class ReadModelRefreshAheadTest {
    private static final Duration TTL = Duration.ofSeconds(40);

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    /** Tasks handed to the refresher, run when the test says. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    private final ReadModel reads;

    ReadModelRefreshAheadTest() {
        store.create(central, false);
        reads = new ReadModel(store, central, clock, TTL, 1 << 20, tasks::add);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> paths(ReadModel model) {
        return model.list("m/").stream().map(e -> e.path().value()).toList();
    }

    private void outOfBand(String path) {
        store.put(central, BucketPath.of(path), b(path));
    }

    @Test
    void aReadInTheLastQuarterOfTheTtlIsAnsweredAtOnceAndReloadsInTheBackground() {
        outOfBand("m/a.md");
        assertEquals(List.of("m/a.md"), paths(reads));
        outOfBand("m/b.md");
        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of("m/a.md"), paths(reads), "before three quarters of the TTL: the view as loaded");
        assertTrue(tasks.isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("m/a.md"), paths(reads), "at three quarters: answered from the view at once");
        assertEquals(1, tasks.size(), "and one reload handed to the refresher");
        assertEquals(List.of("m/a.md"), paths(reads));
        assertEquals(1, tasks.size(), "one refresh of a view at a time");
        tasks.poll().run();
        assertEquals(List.of("m/a.md", "m/b.md"), paths(reads), "the refreshed listing, before the TTL passed");
        clock.advance(Duration.ofSeconds(20));
        assertEquals(List.of("m/a.md", "m/b.md"), paths(reads));
        assertTrue(tasks.isEmpty(), "the refreshed view is 20 s old: not due yet");
    }

    @Test
    void pastTheTtlTheRequestReloadsAsWithoutARefresher() {
        outOfBand("m/a.md");
        paths(reads);
        outOfBand("m/b.md");
        clock.advance(TTL);
        assertEquals(List.of("m/a.md", "m/b.md"), paths(reads));
        assertTrue(tasks.isEmpty());
    }

    @Test
    void localWritesStayVisibleAcrossARefreshThatListedBeforeThem() {
        outOfBand("m/a.md");
        paths(reads);
        clock.advance(Duration.ofSeconds(35));
        paths(reads);
        Runnable refresh = tasks.poll();
        reads.apply(List.of(BatchOp.put("m/c.md", b("c")), BatchOp.delete("m/a.md")));
        refresh.run();
        assertEquals(List.of("m/c.md"), paths(reads));
    }

    @Test
    void watchersHearOfTheReloadThenCatchUpOnTheRefreshersThread() {
        List<String> heard = new ArrayList<>();
        reads.watch("m/", new ReadModel.Watcher() {
            @Override
            public void changed(String path, BucketEntry entry) {
                heard.add("changed " + path);
            }

            @Override
            public void reloaded() {
                heard.add("reloaded");
            }

            @Override
            public void refreshed() {
                heard.add("refreshed on " + Thread.currentThread().getName());
            }
        });
        outOfBand("m/a.md");
        paths(reads);
        heard.clear();
        clock.advance(Duration.ofSeconds(31));
        paths(reads);
        assertEquals(List.of(), heard, "a read answered from the view tells no one");
        outOfBand("m/b.md");
        Thread worker = new Thread(tasks.poll(), "refresher");
        worker.start();
        join(worker);
        assertEquals(List.of("reloaded", "refreshed on refresher"), heard);
    }

    @Test
    void aRefresherThatRefusesLeavesTheReloadToTheRequestPastTheTtl() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        ReadModel model = new ReadModel(store, central, clock, TTL, 1 << 20, refusing);
        outOfBand("m/a.md");
        paths(model);
        outOfBand("m/b.md");
        clock.advance(Duration.ofSeconds(35));
        assertEquals(List.of("m/a.md"), paths(model));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of("m/a.md", "m/b.md"), paths(model), "the refused refresh left the view reloadable");
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), "the refresh finished");
    }
}
