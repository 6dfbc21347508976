package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of an agent's bucket that the service reads to promote them have a size limit, checked before they are
 * read: one 150 MB message file ran a server with a 384 MiB heap out of memory.
 */
class SourceSizeLimitTest {
    private static final int LIMIT = 1000;

    @TempDir
    Path tmp;

    private ServiceHarness h;

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        h = new ServiceHarness(
                store,
                clock,
                CollabConfig.custom(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .sourceMaxBytes(LIMIT)
                        .build());
        h.onboard("agent-1", 1);
    }

    @AfterEach
    void stop() {
        h.service.close();
    }

    /** A message file of exactly {@code size} bytes. */
    private String file(String path, int size) {
        String head = "---\ntype: agent\n---\n";
        h.put("agent-1", path, head + "x".repeat(size - head.length()));
        return h.uri("agent-1", path);
    }

    private int boardSize() {
        return h.anonymous()
                .board()
                .messages(ListQuery.builder().build())
                .items()
                .size();
    }

    private CollabException refused(Runnable call) {
        CollabException e = assertThrows(CollabException.class, call::run);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code(), e.getMessage());
        return e;
    }

    @Test
    void aMessageOneByteOverTheLimitIsRefusedAndOneAtTheLimitIsPosted() {
        String over = file("drafts/over.md", LIMIT + 1);
        CollabException e = refused(() -> h.anonymous().board().post(MessagePost.fromSource(over)));
        assertTrue(e.getMessage().contains("1001 bytes, more than the 1000"), e.getMessage());
        assertTrue(e.getMessage().endsWith(over), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("links the long one"), e.toString());
        assertEquals(0, boardSize());

        String at = file("drafts/at.md", LIMIT);
        h.anonymous().board().post(MessagePost.fromSource(at));
        assertEquals(1, boardSize());
    }

    @Test
    void resultsTaskforcesAndTraceManifestsHaveTheSameLimit() {
        String result = file("results/r.md", LIMIT + 1);
        refused(() -> h.anonymous().results().promote(result));
        String readme = file("tf.md", LIMIT + 1);
        refused(() -> h.anonymous().taskforces().create(TaskforcePost.fromSource("kv-cache", readme)));
        file("traces/s1/manifest.md", LIMIT + 1);
        refused(() -> h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats"));
    }
}
