package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
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
            try (ServeLock again = ServeLock.acquire(
                    Deployment.lockFiles(
                            config, dev.agentcollab.core.bucket.file.FileSystemBucketStore.open(dir.resolve("data"))),
                    "x",
                    "y")) {
                assertEquals(1, again.files().size());
            }
        }
    }

    @Test
    void aServerOnAnotherMachineHoldingTheCollaborationFailsTheStartBeforeItIsTouched() throws Exception {
        ServeConfig config = config(0);
        BucketId audit = config.collabConfig().auditBucket();
        String renewed = Instant.now().minusSeconds(10).toString();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"))) {
            store.create(audit, true);
            store.put(
                    audit,
                    BucketPath.of(ServeClaim.FILE),
                    ("{\"claim_id\":\"c1\",\"host\":\"gpu-box\",\"pid\":77,\"process_started\":\"" + renewed
                                    + "\",\"claimed\":\"" + renewed + "\",\"renewed\":\"" + renewed
                                    + "\",\"address\":\"http://gpu-box:8080/\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }

        CollabException e = assertThrows(
                CollabException.class, () -> Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom()));

        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(
                e.getMessage().startsWith("another collab serve on gpu-box holds this collaboration (pid 77"),
                e.getMessage());
        assertTrue(e.getMessage().contains("listening on http://gpu-box:8080/"), e.getMessage());
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("data"))) {
            assertFalse(store.exists(config.storage().central()), "no recovery ran, nothing was written");
        }
    }

    @Test
    void aRunningServerNamesItselfInItsClaimAndReleasesItWhenItStops() throws Exception {
        ServeConfig config = config(0);
        BucketId audit = config.collabConfig().auditBucket();
        BucketPath file = BucketPath.of(ServeClaim.FILE);
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
                            BucketPath.of(ServeClaim.FILE),
                            ("{\"claim_id\":\"c2\",\"host\":\"gpu-box\",\"pid\":78,\"claimed\":\"" + now
                                            + "\",\"renewed\":\"" + now + "\"}")
                                    .getBytes(StandardCharsets.UTF_8));
            d.renewClaim();
            assertTrue(
                    d.lost().getNow("").startsWith("the server on gpu-box (pid 78) took this collaboration over"),
                    d.lost().getNow("?"));
        }
    }
}
