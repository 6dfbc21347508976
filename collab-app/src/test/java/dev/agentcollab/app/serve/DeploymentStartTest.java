package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Deployment#start} checks before it recovers or reads anything. */
class DeploymentStartTest {
    @TempDir
    Path dir;

    private ServeConfig config(int port) throws Exception {
        Files.writeString(dir.resolve("tokens.yaml"), "tokens:\n  tok-org: {user: organizer, role: admin}\n");
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
}
