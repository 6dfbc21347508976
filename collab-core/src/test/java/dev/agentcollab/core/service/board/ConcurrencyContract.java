package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.core.service.ServiceHarness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Concurrent writers lose nothing (board, inboxes, audit), run on every backend. */
abstract class ConcurrencyContract extends BackendFixture {
    private static final int AGENTS = 50;

    @Test
    void fiftyAgentsPostingAtOnceLoseNothing() throws Exception {
        for (int i = 0; i < AGENTS; i++) {
            h.onboard("agent-" + i, i);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<PostReceipt>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < AGENTS; i++) {
                int me = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<PostReceipt> mine = new ArrayList<>();
                    // two messages each in the same (frozen) millisecond: neither may overwrite the other
                    mine.add(h.anonymous()
                            .board()
                            .post(MessagePost.raw("agent-" + me, "hi @agent-" + ((me + 1) % AGENTS))));
                    mine.add(h.anonymous().board().post(MessagePost.raw("agent-" + me, "again")));
                    return mine;
                }));
            }
            start.countDown();
            Set<String> filenames = new HashSet<>();
            for (Future<List<PostReceipt>> f : futures) {
                for (PostReceipt r : f.get()) {
                    assertTrue(filenames.add(r.filename()), "duplicate filename " + r.filename());
                }
            }
            assertEquals(2 * AGENTS, filenames.size());
        }
        Page<MessageRecord> all =
                h.anonymous().board().messages(ListQuery.builder().limit(0).build());
        assertEquals(2 * AGENTS, all.count());
        for (int i = 0; i < AGENTS; i++) {
            Page<MessageRecord> inbox = h.anonymous().board().inbox("agent-" + i, ListQuery.defaults());
            assertEquals(1, inbox.count(), "inbox of agent-" + i);
        }
        // a fresh service (cold caches) sees the same on storage
        Page<MessageRecord> cold = h.restart()
                .anonymous()
                .board()
                .messages(ListQuery.builder().limit(0).build());
        assertEquals(2 * AGENTS, cold.count());
        long auditRows = h.service.context().audit().lines("202606").stream()
                .filter(l -> l.contains("\"/v1/messages\""))
                .count();
        assertEquals(2 * AGENTS, auditRows);
    }

    @Test
    void aPollerFollowingItsCursorMissesNothingWhileAgentsPost() throws Exception {
        int posters = 5;
        int each = 40;
        // this test's own service, without rate limits (the other one stays idle)
        ServiceHarness h = new ServiceHarness(
                this.h.store,
                clock,
                ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .build());
        for (int i = 0; i < posters; i++) {
            h.onboard("agent-" + i, i);
        }
        h.onboard("reader", posters);
        AtomicBoolean posting = new AtomicBoolean(true);
        List<String> delivered = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(posters + 1)) {
            Future<?> poller = pool.submit(() -> {
                String cursor = null;
                while (true) {
                    boolean last = !posting.get();
                    // as the agent README polls: ascending, after the newest filename seen
                    Page<MessageRecord> page = h.anonymous()
                            .board()
                            .inbox(
                                    "reader",
                                    ListQuery.builder()
                                            .after(cursor)
                                            .order(SortOrder.ASC)
                                            .limit(50)
                                            .build());
                    page.items().forEach(m -> delivered.add(m.filename()));
                    if (!page.items().isEmpty()) {
                        cursor = delivered.getLast();
                    } else if (last) {
                        return null;
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < posters; i++) {
                int me = i;
                writers.add(pool.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        h.anonymous().board().post(MessagePost.raw("agent-" + me, "msg " + n + " @reader"));
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> w : writers) {
                    w.get();
                }
            } finally {
                posting.set(false);
            }
            poller.get();
        } finally {
            h.service.close();
        }
        assertEquals(posters * each, new HashSet<>(delivered).size(), "every message delivered");
        assertEquals(posters * each, delivered.size(), "none twice");
        assertEquals(delivered.stream().sorted().toList(), delivered, "in stamp order");
    }

    @Test
    void twoServiceInstancesOverOneStoreLoseNothing() throws Exception {
        int agents = 40;
        for (int i = 0; i < agents; i++) {
            h.onboard("agent-" + i, i);
        }
        ServiceHarness other = h.restart();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PostReceipt>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < agents; i++) {
                for (ServiceHarness service : List.of(h, other)) {
                    String me = "agent-" + i;
                    // both instances post for the same author in the same (frozen) millisecond
                    futures.add(pool.submit(() -> {
                        start.await();
                        return service.anonymous().board().post(MessagePost.raw(me, "from " + service));
                    }));
                }
            }
            start.countDown();
            Set<String> filenames = new HashSet<>();
            for (Future<PostReceipt> f : futures) {
                assertTrue(filenames.add(f.get().filename()), "two instances handed out one filename");
            }
        }
        Page<MessageRecord> all = h.restart()
                .anonymous()
                .board()
                .messages(ListQuery.builder().limit(0).build());
        assertEquals(2 * agents, all.count());
    }
}
