package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.hf.HfBucketStoreProvider;
import dev.agentcollab.core.service.claim.WriterClaim;
import dev.agentcollab.core.service.claim.WriterLock;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Deployment#start} checks before it recovers or reads anything. */
class DeploymentStartTest {
    @TempDir
    Path dir;

    private ServeConfig config(int port) throws Exception {
        Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        return ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'file:data'}\nidentity: {kind: static, tokens_file:"
                        + " tokens.yaml}\nserver: {host: 127.0.0.1, port: " + port + "}\n",
                "collab.yaml",
                Map.of(),
                dir));
    }

    @Test
    void aRunningServerLocksBesideTheCentralBucketAndTheConfiguredSnapshot() throws Exception {
        Path snapshot = dir.resolve("index/board-index.snapshot");
        Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        ServeConfig config = ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'file:data', index_snapshot: " + snapshot
                        + "}\nidentity: {kind: static, tokens_file: tokens.yaml}\nserver: {host: 127.0.0.1, port: 0}\n",
                "test.yaml",
                Map.of(),
                dir));
        List<Path> files = List.of(
                dir.resolve("data/acme/.speed-main-bucket.serve.lock").toAbsolutePath(),
                snapshot.resolveSibling("board-index.snapshot.lock"));
        try (Deployment d = Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom())) {
            for (Path file : files) {
                CollabException e = assertThrows(
                        CollabException.class,
                        () -> WriterLock.acquire(List.of(file), "x", "collab serve", "y", "z"),
                        file.toString());
                assertEquals(ErrorCode.CONFLICT, e.code());
            }
        }
        assertEquals(
                files,
                WriterLock.filesFor(
                        FileSystemBucketStore.open(dir.resolve("data")),
                        config.storage().central(),
                        config.storage().indexSnapshot()));
    }

    @Test
    void aTakenPortFailsTheStartBeforeTheCollaborationIsTouched() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ServeConfig config = config(taken.getLocalPort());
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom()));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(
                    e.getMessage().startsWith("cannot bind 127.0.0.1:" + taken.getLocalPort() + ": "), e.getMessage());
            assertEquals("pick another port, or 0 for any free one", e.hint().orElseThrow());
            // no bucket was created and no recovery ran; the lock was let go
            assertEquals(
                    List.of(dir.resolve("data/acme/.speed-main-bucket.serve.lock")),
                    Files.walk(dir.resolve("data")).filter(Files::isRegularFile).toList());
            try (WriterLock again = WriterLock.acquire(
                    WriterLock.filesFor(
                            FileSystemBucketStore.open(dir.resolve("data")),
                            config.storage().central(),
                            config.storage().indexSnapshot()),
                    "x",
                    "collab serve",
                    "y",
                    "z")) {
                assertEquals(1, again.files().size());
            }
        }
    }

    @Test
    void aServerOnAnotherMachineRenewingItsClaimFailsTheStartBeforeTheCollaborationIsTouched() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of("acme", "admin"));
            Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
            ServeConfig config = ServeConfig.from(ConfigValues.parse(
                    "org: acme\nslug: speed\nstorage: {buckets: 'hf://buckets'}\nhub: {endpoint: '" + hub.endpoint()
                            + "'}\nidentity: {kind: static, tokens_file: tokens.yaml}\nserver: {host: 127.0.0.1,"
                            + " port: 0}\n",
                    "collab.yaml",
                    Map.of(),
                    dir));
            BucketId audit = config.collabConfig().auditBucket();
            ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();
            try (BucketStore gpuBox = BucketStores.open(
                    "hf://buckets",
                    Map.of(
                            HfBucketStoreProvider.ENDPOINT,
                            hub.endpoint().toString(),
                            HfBucketStoreProvider.TOKEN,
                            "hf_organizer_token_0000"))) {
                gpuBox.create(audit, true);
                Runnable renew = () -> gpuBox.put( // the server on gpu-box renews its claim
                        audit,
                        BucketPath.of(WriterClaim.FILE),
                        ("{\"claim_id\":\"c1\",\"host\":\"gpu-box\",\"pid\":77,\"claimed\":\"2026-12-01T08:00:00Z\","
                                        + "\"renewed\":\"" + Instant.now() + "\",\"address\":\"http://gpu-box:8080/\"}")
                                .getBytes(StandardCharsets.UTF_8));
                renew.run();
                elsewhere.scheduleWithFixedDelay(renew, 1, 1, TimeUnit.SECONDS);

                CollabException e = assertThrows(
                        CollabException.class,
                        () -> Deployment.start(
                                config,
                                Map.of("HF_TOKEN", "hf_organizer_token_0000"),
                                Clock.systemUTC(),
                                new SecureRandom()));

                assertEquals(ErrorCode.CONFLICT, e.code());
                assertTrue(
                        e.getMessage().startsWith("another collab serve on gpu-box holds this collaboration (pid 77"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("listening on http://gpu-box:8080/"), e.getMessage());
                assertFalse(hub.hasBucket(config.storage().central()), "no recovery ran, nothing was written");
            } finally {
                elsewhere.shutdownNow();
            }
        }
    }

    @Test
    void aRunningServerNamesItselfInItsClaimAndReleasesItWhenItStops() throws Exception {
        ServeConfig config = config(0);
        BucketId audit = config.collabConfig().auditBucket();
        BucketPath file = BucketPath.of(WriterClaim.FILE);
        try (Deployment d = Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom())) {
            String claim = d.store().readString(audit, file).orElseThrow();
            assertTrue(claim.contains("\"pid\" : " + ProcessHandle.current().pid()), claim);
            assertTrue(claim.contains("\"address\" : \"" + d.baseUri() + "\""), claim);
            assertFalse(d.lost().isDone());
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"))) {
            assertEquals(Optional.empty(), store.readString(audit, file), "released at the stop");
        }
    }

    @Test
    void aServerWhoseClaimAnotherMachineTookOverIsToldToStop() throws Exception {
        ServeConfig config = config(0);
        BucketId audit = config.collabConfig().auditBucket();
        try (Deployment d = Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom())) {
            String now = Instant.now().toString();
            d.store()
                    .put(
                            audit,
                            BucketPath.of(WriterClaim.FILE),
                            ("{\"claim_id\":\"c2\",\"host\":\"gpu-box\",\"pid\":78,\"claimed\":\"" + now
                                            + "\",\"renewed\":\"" + now + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
            d.renewClaim();
            assertTrue(
                    d.lost().getNow("").startsWith("the server on gpu-box (pid 78) took this collaboration over"),
                    d.lost().getNow("?"));
        }
    }

    /** The organizers' status names the evaluation data jobs lack, until it is put into the central bucket. */
    @Test
    void theStatusNamesMissingEvaluationDataUntilItIsThere() throws Exception {
        Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        ServeConfig config = ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'file:data'}\nidentity: {kind: static, tokens_file:"
                        + " tokens.yaml}\nserver: {host: 127.0.0.1, port: 0}\njobs: {runner: local, harness: java,"
                        + " work_dir: jobs}\n",
                "collab.yaml",
                Map.of(),
                dir));
        dev.agentcollab.testkit.time.MutableClock clock = dev.agentcollab.testkit.time.MutableClock.at(Instant.now());
        try (Deployment d = Deployment.start(config, Map.of(), clock, new SecureRandom())) {
            dev.agentcollab.api.status.ServiceStatus before =
                    d.service().session("tok-organizer").status();
            assertEquals(
                    List.of("jobs cannot run yet: the central bucket acme/speed-main-bucket has no"
                            + " shared_resources/harness/data/prompts.jsonl, shared_resources/harness/data/ppl.jsonl"
                            + " (docs/serve.md, \"Jobs: the harness in the central bucket\")"),
                    before.problems());
            for (String file : List.of("prompts.jsonl", "ppl.jsonl")) {
                d.store()
                        .put(
                                config.storage().central(),
                                BucketPath.of("shared_resources/harness/data/" + file),
                                "{}\n".getBytes(StandardCharsets.UTF_8));
            }
            // the check lists the harness folder at most every 30 s
            assertEquals(
                    before.problems(),
                    d.service().session("tok-organizer").status().problems());
            clock.advance(java.time.Duration.ofSeconds(31));
            assertTrue(d.service().session("tok-organizer").status().healthy());
        }
    }
}
