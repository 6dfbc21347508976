package dev.agentcollab.core.service.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.api.sync.SyncedFile;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsHarness;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifact and shared-resource syncs, on each backend. */
abstract class SyncContract {
    @TempDir
    Path tmp;

    ResultsHarness h;

    abstract BucketStore newStore(Path dir, MutableClock clock);

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        ResultsConfig caps =
                ResultsConfig.custom().syncMaxFiles(3).syncMaxBytes(100).build();
        h = new ResultsHarness(newStore(tmp, clock), clock, caps, JobsConfig.ofDefaults(), s -> Optional.empty());
        h.onboard("agent-1", 1);
        h.put("agent-1", "out/model.txt", "weights");
        h.put("agent-1", "out/sub/config.json", "{}");
        h.put("agent-1", "outside.txt", "not me");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void artifactsAreCopiedUnderTheSlugAndAgent() {
        SyncReceipt r = h.anonymous().sync().artifacts(h.uri("agent-1", "out"), "draft-v1");
        assertEquals("artifacts/draft-v1_agent-1/", r.dest());
        assertEquals(
                List.of(
                        new SyncedFile("out/model.txt", "artifacts/draft-v1_agent-1/model.txt", 7),
                        new SyncedFile("out/sub/config.json", "artifacts/draft-v1_agent-1/sub/config.json", 2)),
                r.files());
        assertEquals(9, r.bytesCopied());
        assertEquals(Optional.of("weights"), h.central("artifacts/draft-v1_agent-1/model.txt"));
        h.put("agent-1", "out/model.txt", "weights2");
        h.anonymous().sync().artifacts(h.uri("agent-1", "out/"), "draft-v1");
        assertEquals(Optional.of("weights2"), h.central("artifacts/draft-v1_agent-1/model.txt"), "re-sync overwrites");
        SyncReceipt empty = h.anonymous().sync().artifacts(h.uri("agent-1", "nothing-here"), "draft-v2");
        assertEquals(List.of(), empty.files());
        assertEquals(0, empty.bytesCopied());
    }

    @Test
    void capsAreCheckedBeforeAnythingIsCopied() {
        h.put("agent-1", "big/a.bin", "x".repeat(60));
        h.put("agent-1", "big/b.bin", "y".repeat(60));
        CollabException bytes = assertThrows(
                CollabException.class, () -> h.anonymous().sync().artifacts(h.uri("agent-1", "big"), "big"));
        assertEquals(ErrorCode.SYNC_TOO_LARGE, bytes.code());
        assertEquals("120 bytes exceeds cap of 100", bytes.getMessage());
        for (int i = 0; i < 4; i++) {
            h.put("agent-1", "many/f" + i, "z");
        }
        CollabException files = assertThrows(
                CollabException.class, () -> h.anonymous().sync().artifacts(h.uri("agent-1", "many"), "many"));
        assertEquals("4 files exceeds cap of 3", files.getMessage());
        assertTrue(h.store.listAll(h.config.centralBucket(), "artifacts/").isEmpty());
    }

    @Test
    void sharedResourcesNeedTheAgentMarker() {
        SyncReceipt r = h.anonymous().sync().sharedResources(h.uri("agent-1", "out"), "tokenizers/bpe_agent-1");
        assertEquals("shared_resources/tokenizers/bpe_agent-1", r.dest());
        assertEquals(Optional.of("{}"), h.central("shared_resources/tokenizers/bpe_agent-1/sub/config.json"));
        CollabException noMarker = assertThrows(
                CollabException.class,
                () -> h.anonymous().sync().sharedResources(h.uri("agent-1", "out"), "tokenizers/bpe"));
        assertEquals(ErrorCode.INVALID_PATH, noMarker.code());
        assertEquals("shared_resources dest path must include '_agent-1' in the leaf component", noMarker.getMessage());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(
                                CollabException.class,
                                () -> h.anonymous().sync().sharedResources(h.uri("agent-1", "out"), "x/bpe_agent-10"))
                        .code());
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(
                                CollabException.class,
                                () -> h.anonymous().sync().sharedResources(h.uri("agent-1", "out"), "../x_agent-1"))
                        .code());
    }

    @Test
    void invalidSlugsAndUnregisteredAgentsAreRejected() {
        assertEquals(
                ErrorCode.INVALID_PATH,
                assertThrows(
                                CollabException.class,
                                () -> h.anonymous().sync().artifacts(h.uri("agent-1", "out"), "Bad_Slug"))
                        .code());
        assertEquals(
                ErrorCode.NOT_REGISTERED,
                assertThrows(
                                CollabException.class,
                                () -> h.anonymous().sync().artifacts(h.uri("agent-5", "out"), "slug"))
                        .code());
    }
}
