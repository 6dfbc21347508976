package dev.agentcollab.app.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code collab bucket backup} and {@code restore} over {@code file:} stores: the manifest and what it refuses. */
class BackupCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run run(String store, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--store", "file:" + dir.resolve(store)));
        all.addAll(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new CommandLine(new BucketCommand(o, e)).execute(all.toArray(String[]::new));
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A store with acme/central (three files, dot files included) and acme/audit (one file). */
    private void record() throws Exception {
        assertEquals(0, run("store", "create", "acme/central").code());
        assertEquals(0, run("store", "create", "acme/audit").code());
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve(".bucket-sync-handshake"), "ada\n");
        Files.createDirectories(src.resolve(".collab/txn"));
        Files.writeString(src.resolve(".collab/txn/1-a.json"), "{}");
        Files.createDirectories(src.resolve("message_board"));
        Files.writeString(src.resolve("message_board/20260601-100000-000_a.md"), "---\nx: 1\n---\nhi\n");
        assertEquals(
                0,
                run("store", "cp", src.toString(), "hf://buckets/acme/central").code());
        Path rows = Files.createDirectories(dir.resolve("rows/audit"));
        Files.writeString(rows.resolve("a.jsonl"), "{\"n\":1}\n");
        assertEquals(
                0,
                run("store", "cp", dir.resolve("rows").toString(), "hf://buckets/acme/audit")
                        .code());
    }

    private Run backup(String folder) {
        return run("store", "backup", dir.resolve(folder).toString(), "acme/central", "hf://buckets/acme/audit/");
    }

    @Test
    void aBackupWritesAManifestLastAndRestoresTheSameFilesIntoAnEmptyStore() throws Exception {
        record();
        Run b = backup("backup");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("hf://buckets/acme/central/: 3 files"), b.out());
        BackupManifest m = Backups.manifest(dir.resolve("backup"));
        assertEquals(BackupManifest.VERSION, m.version());
        assertEquals(
                List.of(BucketId.parse("acme/central"), BucketId.parse("acme/audit")),
                m.buckets().stream().map(BackupManifest.Bucket::bucket).toList());
        BackupManifest.File handshake = m.buckets().get(0).files().stream()
                .filter(f -> f.path().value().equals(".bucket-sync-handshake"))
                .findFirst()
                .orElseThrow();
        assertEquals(4, handshake.size());
        assertEquals(ContentHashes.sha256("ada\n".getBytes(StandardCharsets.UTF_8)), handshake.sha256());
        assertEquals("ada\n", Files.readString(dir.resolve("backup/acme/central/.bucket-sync-handshake")));

        Run r = run("restored", "restore", dir.resolve("backup").toString());
        assertEquals(0, r.code(), r.err());
        for (String bucket : List.of("acme/central", "acme/audit")) {
            assertEquals(
                    run("store", "ls", bucket).out(),
                    run("restored", "ls", bucket).out());
        }
        assertEquals(
                "---\nx: 1\n---\nhi\n",
                run("restored", "cp", "hf://buckets/acme/central/message_board/20260601-100000-000_a.md", "-")
                        .out());
        assertFalse(run("restored", "ls", "acme/central").out().contains(Backups.STAGING), "staging is removed");
    }

    @Test
    void aSecondBackupIntoTheSameFolderIsRefusedAndLeavesTheFirstAsItWas() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        String manifest = Files.readString(dir.resolve("backup/backup.json"));
        assertEquals(
                0,
                run("store", "cp", dir.resolve("src").toString(), "hf://buckets/acme/central/later")
                        .code());

        Run again = backup("backup");
        assertEquals(1, again.code(), again.out());
        assertTrue(
                again.err().contains("CONFLICT: the backup folder " + dir.resolve("backup") + " is not empty"),
                again.err());
        assertEquals(manifest, Files.readString(dir.resolve("backup/backup.json")));
        assertFalse(Files.exists(dir.resolve("backup/acme/central/later")), "nothing of the second one is written");
    }

    @Test
    void aTruncatedFileIsNamedAndNothingIsRestored() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Path board = dir.resolve("backup/acme/central/message_board/20260601-100000-000_a.md");
        Files.writeString(board, "---\nx: 1\n");
        assertRefused("backup", board + " has 9 bytes, backup.json says 16");
    }

    @Test
    void anAlteredFileOfTheSameSizeIsNamedAndNothingIsRestored() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Path rows = dir.resolve("backup/acme/audit/audit/a.jsonl");
        Files.writeString(rows, "{\"n\":2}\n");
        assertRefused("backup", rows + " is altered");
    }

    @Test
    void aMissingFileIsNamedAndNothingIsRestored() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Path txn = dir.resolve("backup/acme/central/.collab/txn/1-a.json");
        Files.delete(txn);
        assertRefused("backup", txn + " is missing");

        Run without = run(
                "restored",
                "restore",
                "--leave-out",
                ".collab/txn",
                dir.resolve("backup").toString());
        assertEquals(0, without.code(), without.err());
        assertEquals(2, run("restored", "ls", "acme/central").out().lines().count(), "all but the left-out file");
    }

    @Test
    void aBackupWithoutItsManifestIsRefusedWithHowToProceed() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Files.delete(dir.resolve("backup/backup.json")); // an interrupted backup, or one made with bucket cp
        Run r = assertRefused("backup", "no backup.json in " + dir.resolve("backup"));
        assertTrue(r.err().contains("collab bucket cp FOLDER hf://buckets/ORG/NAME/"), r.err());
    }

    private Run assertRefused(String backup, String message) throws Exception {
        assertEquals(0, run("restored", "create", "acme/central").code());
        Run r = run("restored", "restore", dir.resolve(backup).toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", run("restored", "ls", "acme/central").out(), "nothing was written");
        assertEquals(1, run("restored", "ls", "acme/audit").code(), "no bucket was created");
        return r;
    }

    @Test
    void aBucketThatHoldsFilesIsOnlyReplacedWhenAskedAndThenHoldsExactlyTheBackup() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Path stray = Files.writeString(dir.resolve("stray.md"), "stray\n");
        assertEquals(
                0,
                run("store", "cp", stray.toString(), "hf://buckets/acme/central/")
                        .code());
        String before = run("store", "ls", "acme/central").out();

        Run refused = run("store", "restore", dir.resolve("backup").toString(), "acme/central");
        assertEquals(1, refused.code());
        assertTrue(
                refused.err().contains("hf://buckets/acme/central/ holds 4 files, nothing was restored"),
                refused.err());
        assertEquals(before, run("store", "ls", "acme/central").out());

        Run replaced =
                run("store", "restore", "--replace", dir.resolve("backup").toString(), "acme/central");
        assertEquals(0, replaced.code(), replaced.err());
        assertFalse(run("store", "ls", "acme/central").out().contains("stray.md"));
        assertEquals(3, run("store", "ls", "acme/central").out().lines().count());
    }

    @Test
    void aReplaceLeavesALeftOutPathAsItIsInTheBucket() throws Exception {
        record();
        assertEquals(0, backup("backup").code());
        Path claim = Files.createDirectories(dir.resolve("claim/.collab"));
        Files.writeString(claim.resolve("serve-claim.json"), "{\"host\":\"b\"}");
        Files.createDirectories(claim.resolve("txn"));
        Files.writeString(claim.resolve("txn/1-a.json"), "{\"n\":2}"); // newer than the backup's copy
        assertEquals(
                0,
                run("store", "cp", dir.resolve("claim").toString(), "hf://buckets/acme/central/")
                        .code());

        Run replaced = run(
                "store",
                "restore",
                "--replace",
                "--leave-out",
                ".collab/serve-claim.json",
                "--leave-out",
                ".collab/txn",
                dir.resolve("backup").toString(),
                "acme/central");
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(
                "{\"host\":\"b\"}",
                run("store", "cp", "hf://buckets/acme/central/.collab/serve-claim.json", "-")
                        .out());
        assertEquals(
                "{\"n\":2}",
                run("store", "cp", "hf://buckets/acme/central/.collab/txn/1-a.json", "-")
                        .out());
        assertEquals(4, run("store", "ls", "acme/central").out().lines().count(), "2 restored, 2 left as they were");

        assertEquals(0, run("claimed", "create", "acme/central").code());
        assertEquals(
                0,
                run("claimed", "cp", claim.resolve("serve-claim.json").toString(), "hf://buckets/acme/central/.collab/")
                        .code());
        Run onlyLeftOut = run(
                "claimed",
                "restore",
                "--leave-out",
                ".collab/serve-claim.json",
                dir.resolve("backup").toString(),
                "acme/central");
        assertEquals(0, onlyLeftOut.code(), "a left-out file does not make the bucket one that holds files");
        assertEquals(4, run("claimed", "ls", "acme/central").out().lines().count());
    }

    @Test
    void aRestoreStagesAChunkAtATimeAndABucketIsAllOrNothing() throws Exception {
        BucketStore source = InMemoryBucketStore.create();
        BucketId bucket = BucketId.parse("acme/central");
        source.create(bucket, false);
        for (int i = 0; i < 5; i++) {
            source.put(bucket, BucketPath.of("f" + i), "12345678".getBytes(StandardCharsets.UTF_8));
        }
        Path folder = dir.resolve("backup");
        BackupManifest m = Backups.take(source, List.of(bucket), folder, InstantSource.fixed(Instant.EPOCH));

        List<Integer> puts = new ArrayList<>();
        BucketStore recording = new ForwardingBucketStore(InMemoryBucketStore.create()) {
            @Override
            public void apply(BucketId b, List<? extends BatchOp> ops) {
                puts.add(
                        (int) ops.stream().filter(BatchOp.Put.class::isInstance).count());
                super.apply(b, ops);
            }
        };
        recording.create(bucket, false);
        assertEquals(5, Backups.restore(recording, folder, m.buckets().get(0), "1", p -> false, 16));
        assertEquals(List.of(2, 2, 1, 0), puts, "files are held two at a time; the last batch only moves them");
        assertEquals(
                source.listAll(bucket, "").size(), recording.listAll(bucket, "").size());

        BucketStore failing = new ForwardingBucketStore(InMemoryBucketStore.create()) {
            int calls;

            @Override
            public void apply(BucketId b, List<? extends BatchOp> ops) {
                if (++calls == 2) {
                    throw CollabException.of(dev.agentcollab.api.error.ErrorCode.UNAVAILABLE, "disk full");
                }
                super.apply(b, ops);
            }
        };
        failing.create(bucket, false);
        assertThrows(
                CollabException.class,
                () -> Backups.restore(failing, folder, m.buckets().get(0), "1", p -> false, 16));
        assertEquals(List.of(), failing.listAll(bucket, ""), "staged files are removed, none is restored");
    }
}
