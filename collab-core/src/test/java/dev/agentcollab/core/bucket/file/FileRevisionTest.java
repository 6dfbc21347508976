package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code file:} store's revision through compactions, a second store on the same folder and a reopen: one per
 * batch, whoever wrote it, and a compaction (a new checkpoint and journal) does not move it.
 */
class FileRevisionTest {
    private static final BucketId BUCKET = BucketId.parse("org/central");

    @Test
    void oneRevisionPerBatchThroughCompactionsOtherStoresAndAReopen(@TempDir Path root) {
        long last;
        try (FileSystemBucketStore writer = FileSystemBucketStore.open(root, InstantSource.system(), 3);
                FileSystemBucketStore other = FileSystemBucketStore.open(root, InstantSource.system(), 3)) {
            writer.create(BUCKET, false);
            long start = writer.revision(BUCKET).orElseThrow();
            for (int i = 1; i <= 10; i++) {
                writer.apply(BUCKET, List.of(BatchOp.put("m/" + i + ".md", utf8("v" + i))));
                assertEquals(start + i, writer.revision(BUCKET).orElseThrow(), "batch " + i + " (compacted every 3)");
                assertEquals(start + i, other.revision(BUCKET).orElseThrow(), "seen by another store, batch " + i);
            }
            other.apply(BUCKET, List.of(BatchOp.put("m/other.md", utf8("o")), BatchOp.delete("m/1.md")));
            assertEquals(start + 11, writer.revision(BUCKET).orElseThrow(), "another store's batch, after compactions");
            last = writer.revision(BUCKET).orElseThrow();
        }
        try (FileSystemBucketStore reopened = FileSystemBucketStore.open(root)) {
            assertEquals(last, reopened.revision(BUCKET).orElseThrow(), "a reopen reads the same revision");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
