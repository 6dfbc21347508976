package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor file of {@code collab agent inbox --new}. */
class InboxCursorsTest {
    private static final String URL = "http://127.0.0.1:8080";

    @Test
    void runsForDifferentInboxesAtOnceKeepEachOthersCursors(@TempDir Path dir) throws Exception {
        InboxCursors cursors = InboxCursors.of(Map.of("COLLAB_STATE_DIR", dir.toString()));
        int inboxes = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(inboxes);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < inboxes; i++) {
                String handle = "agent-" + i;
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        cursors.put(URL, handle, String.format("20261204-1700%02d-000_x.md", r));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < inboxes; i++) {
            assertEquals(
                    Optional.of(String.format("20261204-1700%02d-000_x.md", rounds - 1)),
                    cursors.get(URL, "agent-" + i),
                    "cursor of agent-" + i);
        }
    }

    @Test
    void aSlowerRunThatShowedOlderMessagesDoesNotMoveTheCursorBack(@TempDir Path dir) {
        InboxCursors cursors = InboxCursors.of(Map.of("COLLAB_STATE_DIR", dir.toString()));
        cursors.put(URL, "agent-a", "20261204-170500-000_b.md");
        cursors.put(URL, "agent-a", "20261204-170400-000_b.md");
        assertEquals(Optional.of("20261204-170500-000_b.md"), cursors.get(URL, "agent-a"));
    }

    @Test
    void aCorruptFileIsNamedInTheError(@TempDir Path dir) throws Exception {
        InboxCursors cursors = InboxCursors.of(Map.of("COLLAB_STATE_DIR", dir.toString()));
        java.nio.file.Files.writeString(cursors.path(), "http\\://x agent-a=\\u12\n");
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class, () -> cursors.get(URL, "agent-a"));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains(cursors.path().toString()), e.getMessage());
    }
}
