package dev.agentcollab.app.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.service.claim.WriterLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code collab bucket} over a {@code file:} store in a temporary folder: create, cp in and out, ls, errors. */
class BucketCommandTest {
    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--store", "file:" + dir.resolve("store")));
        all.addAll(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new CommandLine(new BucketCommand(o, e)).execute(all.toArray(String[]::new));
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void copiesInListsFoldersWithOrWithoutTheSlashAndCopiesOut() throws Exception {
        assertEquals(0, run("create", "acme/scratch-a").code());
        Path file = Files.writeString(dir.resolve("plan.md"), "plan\n");
        Run in = run("cp", file.toString(), "hf://buckets/acme/scratch-a/drafts/plan.md");
        assertEquals(0, in.code(), in.err());
        Path folder = Files.createDirectories(dir.resolve("traces"));
        Files.writeString(folder.resolve("a.jsonl"), "{}\n");
        Files.writeString(folder.resolve("b.jsonl"), "{}\n");
        Run many = run("cp", folder.toString(), "hf://buckets/acme/scratch-a/traces");
        assertEquals("2 files to hf://buckets/acme/scratch-a/traces\n", many.out(), many.err());

        for (String prefix : List.of("drafts", "drafts/")) {
            Run ls = run("ls", "hf://buckets/acme/scratch-a/" + prefix);
            assertEquals(0, ls.code(), prefix + ": " + ls.err());
            assertEquals(
                    List.of("drafts/plan.md"),
                    ls.out().lines().map(l -> l.strip().split("\\s+")[1]).toList());
        }
        Run all = run("ls", "acme/scratch-a");
        assertEquals(3, all.out().lines().count(), all.out());

        Run out = run("cp", "hf://buckets/acme/scratch-a/drafts/plan.md", "-");
        assertEquals("plan\n", out.out(), out.err());
    }

    @Test
    void aWholeBucketCopiedOutAndBackInHoldsTheSameFilesDotFilesIncluded() throws Exception {
        assertEquals(0, run("create", "acme/central").code());
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve(".bucket-sync-handshake"), "ada\n");
        Files.createDirectories(src.resolve(".collab/txn"));
        Files.writeString(src.resolve(".collab/txn/1-a.json"), "{}");
        Files.createDirectories(src.resolve("message_board"));
        Files.writeString(src.resolve("message_board/20260601-100000-000_a.md"), "---\nx: 1\n---\nhi\n");
        assertEquals(0, run("cp", src.toString(), "hf://buckets/acme/central").code());

        Run out = run("cp", "hf://buckets/acme/central/", dir.resolve("backup").toString());
        assertEquals(0, out.code(), out.err());
        assertEquals("3 files to " + dir.resolve("backup") + "\n", out.out());
        assertEquals("ada\n", Files.readString(dir.resolve("backup/.bucket-sync-handshake")));

        assertEquals(0, run("create", "acme/restored").code());
        Run back = run("cp", dir.resolve("backup").toString(), "hf://buckets/acme/restored");
        assertEquals(0, back.code(), back.err());
        assertEquals(run("ls", "acme/central").out(), run("ls", "acme/restored").out());

        Run folder = run(
                "cp",
                "hf://buckets/acme/central/message_board/",
                dir.resolve("board").toString());
        assertEquals("1 file to " + dir.resolve("board") + "\n", folder.out(), folder.err());
        assertTrue(Files.exists(dir.resolve("board/20260601-100000-000_a.md")));
        Run intoFolder = run(
                "cp",
                "hf://buckets/acme/central/.bucket-sync-handshake",
                dir.resolve("board").toString());
        assertEquals(0, intoFolder.code(), intoFolder.err());
        assertEquals("ada\n", Files.readString(dir.resolve("board/.bucket-sync-handshake")));
        Run ontoFile = run(
                "cp",
                "hf://buckets/acme/central/",
                dir.resolve("board/.bucket-sync-handshake").toString());
        assertEquals(1, ontoFile.code());
        assertTrue(ontoFile.err().contains("not a folder"), ontoFile.err());
    }

    @Test
    void aMissingBucketNamesTheCommandThatCreatesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("x.md"), "x");
        for (String[] args : new String[][] {
            {"ls", "hf://buckets/acme/nope"},
            {"cp", "hf://buckets/acme/nope/x.md", "-"},
            {"cp", file.toString(), "hf://buckets/acme/nope/x.md"}
        }) {
            Run r = run(args);
            assertEquals(1, r.code(), String.join(" ", args));
            assertEquals(
                    "collab bucket: BUCKET_NOT_FOUND: bucket not found: acme/nope"
                            + " (create it first: collab bucket create acme/nope)\n",
                    r.err());
        }
    }

    @Test
    void aFolderIsAFolderWithOrWithoutItsSlashBothWays() throws Exception {
        assertEquals(0, run("create", "acme/scratch-a").code());
        Path src = Files.createDirectories(dir.resolve("run/sub"));
        Files.writeString(src.resolve("x.md"), "x\n");
        Files.writeString(dir.resolve("run/a file \u00e9.txt"), "a\n");

        Run up = run("cp", dir.resolve("run").toString(), "hf://buckets/acme/scratch-a/runs/r1/");
        assertEquals("2 files to hf://buckets/acme/scratch-a/runs/r1/\n", up.out(), up.err());
        Run file = run("cp", dir.resolve("run/sub/x.md").toString(), "hf://buckets/acme/scratch-a/notes/");
        assertEquals(0, file.code(), file.err());
        assertTrue(file.out().endsWith(" -> hf://buckets/acme/scratch-a/notes/x.md\n"), file.out());
        assertEquals(
                List.of("notes/x.md", "runs/r1/a file \u00e9.txt", "runs/r1/sub/x.md"),
                run("ls", "acme/scratch-a")
                        .out()
                        .lines()
                        .map(l -> l.strip().split("\\s+", 2)[1])
                        .toList());

        // named without its slash, a bucket path that is no file but a folder is copied out as one
        Run down = run(
                "cp", "hf://buckets/acme/scratch-a/runs/r1", dir.resolve("back").toString());
        assertEquals("2 files to " + dir.resolve("back") + "\n", down.out(), down.err());
        assertEquals("x\n", Files.readString(dir.resolve("back/sub/x.md")));
        assertEquals("a\n", Files.readString(dir.resolve("back/a file \u00e9.txt")));
        Run none = run(
                "cp", "hf://buckets/acme/scratch-a/runs/r2", dir.resolve("none").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("NOT_FOUND: no such file"), none.err());
        // with its slash too: a folder that holds nothing is no folder, and no empty local folder stands for it
        Run noneSlash = run(
                "cp",
                "hf://buckets/acme/scratch-a/runs/r2/",
                dir.resolve("none2").toString());
        assertEquals(1, noneSlash.code(), noneSlash.out());
        assertTrue(
                noneSlash.err().contains("NOT_FOUND: no file under hf://buckets/acme/scratch-a/runs/r2/"),
                noneSlash.err());
        assertTrue(Files.notExists(dir.resolve("none2")));
        // an empty bucket's root is still copied out, as an empty folder (a backup of an empty bucket)
        assertEquals(0, run("create", "acme/empty").code());
        Run empty = run("cp", "hf://buckets/acme/empty/", dir.resolve("empty").toString());
        assertEquals("0 files to " + dir.resolve("empty") + "\n", empty.out(), empty.err());
    }

    @Test
    void badPathsAndMissingFilesAreRefused() {
        assertEquals(0, run("create", "acme/scratch-a").code());
        Run missing = run("cp", "hf://buckets/acme/scratch-a/none.md", "-");
        assertEquals(1, missing.code());
        assertTrue(
                missing.err().contains("NOT_FOUND: no such file: hf://buckets/acme/scratch-a/none.md"), missing.err());
        for (String bad : List.of("hf://buckets/acme/scratch-a/a//", "hf://buckets/acme/scratch-a/../x/")) {
            Run r = run("ls", bad);
            assertEquals(1, r.code(), bad);
            assertTrue(r.err().contains("INVALID_PATH"), r.err());
        }
        Run notAFile = run("cp", "hf://buckets/acme/scratch-a/dir/", "-");
        assertEquals(1, notAFile.code());
        assertTrue(notAFile.err().contains("INVALID_PATH"), notAFile.err());
    }

    @Test
    void aMissingLocalFileOrFolderIsNamedAsMissing() throws Exception {
        assertEquals(0, run("create", "acme/scratch-a").code());
        Path missing = dir.resolve("missing.md");
        Run in = run("cp", missing.toString(), "hf://buckets/acme/scratch-a/missing.md");
        assertEquals(1, in.code());
        assertTrue(in.err().contains("no such file or folder: " + missing), in.err());

        Path note = Files.writeString(dir.resolve("note.md"), "hello\n");
        assertEquals(
                0,
                run("cp", note.toString(), "hf://buckets/acme/scratch-a/note.md")
                        .code());
        Path into = dir.resolve("no-such-folder").resolve("note.md");
        Run out = run("cp", "hf://buckets/acme/scratch-a/note.md", into.toString());
        assertEquals(1, out.code());
        assertTrue(out.err().contains("no such file or folder: " + into), out.err());
    }

    @Test
    void aBucketThatARunningServerWritesIsNotCopiedInto() throws Exception {
        assertEquals(0, run("create", "acme/fg-main-bucket").code());
        assertEquals(0, run("create", "acme/fg-audit").code());
        Path backup = Files.createDirectories(dir.resolve("backup"));
        Files.writeString(backup.resolve("README.md"), "old");
        Path store = dir.resolve("store").toAbsolutePath();
        // the central bucket: the lock a running server holds beside its folder
        try (WriterLock held = WriterLock.acquire(
                List.of(store.resolve("acme/.fg-main-bucket.serve.lock")),
                "the central bucket acme/fg-main-bucket",
                "collab serve",
                "pid 4242, started now",
                "stop it first")) {
            Run r = run("cp", backup.toString(), "hf://buckets/acme/fg-main-bucket/");
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("CONFLICT") && r.err().contains("pid 4242"), r.err());
            assertEquals("", run("ls", "acme/fg-main-bucket").out(), "nothing written");
            Run state = run("cp", backup.toString(), "hf://buckets/acme/fg-main-bucket/.collab/x");
            assertEquals(1, state.code(), "nor into the server's own records: " + state.out());
            // what docs/serve.md has the organizer do while the server runs: the evaluation data into a folder
            Run data = run("cp", backup.toString(), "hf://buckets/acme/fg-main-bucket/shared_resources/harness/data");
            assertEquals(0, data.code(), data.err());
            assertTrue(
                    run("ls", "acme/fg-main-bucket/shared_resources/harness/data/")
                            .out()
                            .contains("README.md"),
                    "a folder's files are written beside a running server");
        }
        assertEquals(
                0,
                run("cp", backup.toString(), "hf://buckets/acme/fg-main-bucket/")
                        .code(),
                "once stopped");

        // the audit bucket: the claim a server on another machine renews in it
        Path claim = Files.createDirectories(dir.resolve("claim/.collab")).resolve("serve-claim.json");
        String live = "{\"claim_id\": \"c1\", \"program\": \"collab serve\", \"host\": \"elsewhere\", \"pid\": 7,"
                + " \"process_started\": \"2026-01-01T00:00:00Z\", \"claimed\": \"%s\", \"renewed\": \"%s\","
                + " \"renew_every_s\": 30, \"expires_after_s\": 120, \"address\": \"http://10.0.0.9:8080/\"}";
        String now = java.time.Instant.now().toString();
        Files.writeString(claim, live.formatted(now, now));
        assertEquals(
                0,
                run("cp", dir.resolve("claim").toString(), "hf://buckets/acme/fg-audit/")
                        .code());
        Run audit = run("cp", backup.toString(), "hf://buckets/acme/fg-audit/");
        assertEquals(1, audit.code(), audit.out());
        assertTrue(audit.err().contains("CONFLICT") && audit.err().contains("http://10.0.0.9:8080/"), audit.err());
        String old = java.time.Instant.now().minusSeconds(3600).toString();
        Files.writeString(claim, live.formatted(old, old));
        Path store2 = dir.resolve("store");
        try (var s = dev.agentcollab.api.bucket.BucketStores.open(
                store2.toAbsolutePath().toUri())) {
            s.put(
                    new dev.agentcollab.api.bucket.BucketId("acme", "fg-audit"),
                    dev.agentcollab.api.bucket.BucketPath.of(".collab/serve-claim.json"),
                    Files.readAllBytes(claim));
        }
        assertEquals(
                0, run("cp", backup.toString(), "hf://buckets/acme/fg-audit/").code(), "a stale claim");
    }

    @Test
    void aFileTooLargeToReadWholeIsRefusedWithItsNameAndSize() throws Exception {
        assertEquals(0, run("create", "acme/scratch-a").code());
        Path big = dir.resolve("weights/model.bin");
        Files.createDirectories(big.getParent());
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30); // sparse: 2 GiB, nothing written
        }
        for (String src : List.of(big.toString(), big.getParent().toString())) {
            Run r = run("cp", src, "hf://buckets/acme/scratch-a/w/");
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("PAYLOAD_TOO_LARGE") && r.err().contains(big.toString()), r.err());
        }
        assertEquals("", run("ls", "acme/scratch-a").out(), "nothing written");
    }
}
