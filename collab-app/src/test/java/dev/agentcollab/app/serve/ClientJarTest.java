package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar handed out at {@code GET /v1/cli/collab.jar} stays whole while the project rebuilds it. */
class ClientJarTest {
    @TempDir
    Path dir;

    @Test
    void aRebuildOfTheJarLeavesThePinnedJarWholeAndUnchanged() throws Exception {
        Path jar = dir.resolve("collab.jar");
        byte[] running = "PK the running version".getBytes();
        Files.write(jar, running);
        Path pinned = ClientJar.pinned(jar);
        assertNotEquals(jar, pinned);

        // ./collab moves the jar aside, then Maven writes the new one at its path, a part at a time
        Files.move(jar, dir.resolve("collab.jar.previous"), StandardCopyOption.REPLACE_EXISTING);
        Files.write(jar, "PK half".getBytes());
        assertArrayEquals(running, Files.readAllBytes(pinned));
        Files.delete(dir.resolve("collab.jar.previous")); // the next rebuild replaces the previous jar too
        assertArrayEquals(running, Files.readAllBytes(pinned));
    }
}
