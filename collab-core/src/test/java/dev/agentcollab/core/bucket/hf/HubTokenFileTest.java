package dev.agentcollab.core.bucket.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.testkit.time.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTokenFileTest {
    private static final Duration CHECK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private Instant modified = Instant.parse("2026-06-01T09:00:00Z");

    private Path write(String text) throws IOException {
        Path file = dir.resolve("hub-token");
        Files.writeString(file, text);
        modified = modified.plusSeconds(1);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aRotatedTokenIsUsedFromTheNextCheckOn() throws Exception {
        HubTokenFile token = HubTokenFile.follow(write("hf_old\n"), clock, CHECK);
        assertEquals("hf_old", token.get());
        write("  hf_new  \n");
        assertEquals("hf_old", token.get(), "not checked again within the interval");
        clock.advance(CHECK);
        assertEquals("hf_new", token.get());
    }

    @Test
    void anEmptyOrMissingFileKeepsTheTokenInUseUntilItIsWrittenAgain() throws Exception {
        Path file = write("hf_old");
        HubTokenFile token = HubTokenFile.follow(file, clock, CHECK);
        write("\n"); // an editor's truncation, before the new token is written
        clock.advance(CHECK);
        assertEquals("hf_old", token.get());
        Files.delete(file); // a rename in progress
        clock.advance(CHECK);
        assertEquals("hf_old", token.get());
        write("hf_new");
        clock.advance(CHECK);
        assertEquals("hf_new", token.get());
    }

    @Test
    void anEmptyFileAtStartIsRefused() throws Exception {
        Path file = write(" \n");
        assertThrows(IllegalArgumentException.class, () -> HubTokenFile.follow(file, clock, CHECK));
    }
}
