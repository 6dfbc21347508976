package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The organizer hears of a filling disk before writes start failing on it. */
class DiskSpaceTest {
    private static final Path FOLDER = Path.of("/srv/collab/data/buckets");
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void aLargeDiskSpeaksUpBelow1GiBFree() {
        Optional<String> low = DiskSpace.problem(FOLDER, 500 * MIB, 64 * GIB);
        assertTrue(low.isPresent());
        assertEquals(
                "the disk of the buckets folder /srv/collab/data/buckets has 500.0 MiB free of 64.0 GiB: when it is"
                        + " full, every write is answered 503 UNAVAILABLE (nothing is lost and reads go on) until"
                        + " space is freed",
                low.get());
        assertEquals(Optional.empty(), DiskSpace.problem(FOLDER, 2 * GIB, 64 * GIB));
    }

    @Test
    void aSmallDiskSpeaksUpBelowATenthFree() {
        assertTrue(DiskSpace.problem(FOLDER, 200 * 1024, 3 * MIB).isPresent());
        assertEquals(Optional.empty(), DiskSpace.problem(FOLDER, 400 * 1024, 3 * MIB));
        assertTrue(DiskSpace.problem(FOLDER, 0, 3 * MIB).orElseThrow().contains("has 0.0 KiB free of 3.0 MiB"));
    }

    @Test
    void aFolderNotCreatedYetIsCheckedOnTheDiskItWillBeOn(@TempDir Path tmp) {
        assertNotNull(new DiskSpace(tmp.resolve("data/buckets")).problem());
    }
}
