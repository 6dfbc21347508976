package dev.agentcollab.app.bucket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code collab bucket backup} and {@code restore} on {@code hf://buckets}, against the fake Hub: batches of at most
 * 1000 operations per call, Xet uploads, and per-operation failures.
 */
class BackupHubTest {
    private static final BucketId CENTRAL = BucketId.parse("acme/central");

    @TempDir
    Path dir;

    private FakeHfHub source;
    private FakeHfHub target;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void hubs() {
        source = FakeHfHub.start();
        target = FakeHfHub.start();
        for (FakeHfHub hub : List.of(source, target)) {
            hub.addUser("svc", "hf_svc", Map.of("acme", "write"));
        }
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private static Run run(FakeHfHub hub, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN", "hf_svc");
        List<String> all = new ArrayList<>(List.of("--store", "hf://buckets"));
        all.addAll(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new CommandLine(new BucketCommand(o, e, env)).execute(all.toArray(String[]::new));
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static BucketStore store(FakeHfHub hub) {
        return BucketStores.open(
                "hf://buckets", Map.of("endpoint", hub.endpoint().toString(), "token", "hf_svc", "resilience", "none"));
    }

    private static Map<String, byte[]> files(FakeHfHub hub, BucketId bucket) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (BucketStore s = store(hub)) {
            s.listAll(bucket, "")
                    .forEach(e ->
                            out.put(e.path().value(), s.read(bucket, e.path()).orElseThrow()));
        }
        return out;
    }

    private static void write(FakeHfHub hub, BucketId bucket, Map<String, byte[]> files) {
        try (BucketStore s = store(hub)) {
            s.create(bucket, true);
            List<dev.agentcollab.api.bucket.BatchOp> ops = new ArrayList<>();
            files.forEach((p, b) -> ops.add(new dev.agentcollab.api.bucket.BatchOp.Put(BucketPath.of(p), b)));
            s.apply(bucket, ops);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Map<String, byte[]> many(int n) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            files.put(String.format("runs/%04d.txt", i), ("run " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void aBucketWithNestedFoldersDotFilesUnicodeNamesAndALargeFileComesBackTheSame() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(".bucket-sync-handshake", "ada\n".getBytes(StandardCharsets.UTF_8));
        files.put(".collab/txn/1-a.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("a/b/c/d/deep.md", "deep\n".getBytes(StandardCharsets.UTF_8));
        files.put("données/résumé ü 日本 🚀.md", "ünïcode\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty.txt", new byte[0]);
        files.put("weights/model.bin", random((64 << 20) + 300_000, 7)); // several xorbs, and over a restore chunk
        write(source, CENTRAL, files);

        Run b = run(source, "backup", dir.resolve("backup").toString(), "hf://buckets/acme/central/");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("hf://buckets/acme/central/: 6 files"), b.out());

        Run r = run(target, "restore", dir.resolve("backup").toString());
        assertEquals(0, r.code(), r.err());
        Map<String, byte[]> restored = files(target, CENTRAL);
        assertEquals(
                files.keySet().stream().sorted().toList(),
                restored.keySet().stream().sorted().toList());
        files.forEach((p, bytes) -> assertArrayEquals(bytes, restored.get(p), p));
        assertFalse(target.paths(CENTRAL).stream().anyMatch(p -> p.startsWith(Backups.STAGING)), "staging is removed");
    }

    @Test
    void moreThanAThousandFilesAreRestoredOverSeveralCallsAndTheStagingIsRemoved() {
        write(source, CENTRAL, many(1201));
        assertEquals(
                0,
                run(source, "backup", dir.resolve("backup").toString(), "acme/central")
                        .code());

        Run r = run(target, "restore", dir.resolve("backup").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1201 files restored"), r.out());
        List<String> paths = target.paths(CENTRAL);
        assertEquals(
                1201,
                paths.size(),
                "no staged file is left: " + paths.stream().limit(3).toList());
    }

    @Test
    void aFailureMidwayLeavesThePartRestoredBucketWithoutStagingAndSaysHowToFinish() {
        write(source, CENTRAL, many(1201));
        assertEquals(
                0,
                run(source, "backup", dir.resolve("backup").toString(), "acme/central")
                        .code());

        target.failNextBatchOperation("runs/1100.txt", "simulated: upload not found");
        Run r = run(target, "restore", dir.resolve("backup").toString());
        assertEquals(1, r.code(), r.out());
        List<String> paths = target.paths(CENTRAL);
        assertFalse(paths.stream().anyMatch(p -> p.startsWith(Backups.STAGING)), "staging is removed");
        long inPlace = paths.size();
        assertTrue(inPlace > 0 && inPlace < 1201, "part restored: " + inPlace);
        assertTrue(
                r.err().contains("hf://buckets/acme/central/ is part restored: " + inPlace + " of 1201 files"),
                r.err());
        assertTrue(r.err().contains("runs/1100.txt: simulated: upload not found"), r.err());
        assertTrue(r.err().contains("restore --replace"), r.err());

        Run again = run(target, "restore", "--replace", dir.resolve("backup").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(1201, target.paths(CENTRAL).size());
    }

    @Test
    void replaceDeletesWhatTheBackupDoesNotHoldAndLeaveOutKeepsAPathOutOfTheRestore() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("board/a.md", "a\n".getBytes(StandardCharsets.UTF_8));
        files.put(".collab/serve-claim.json", "{\"old\":true}".getBytes(StandardCharsets.UTF_8));
        write(source, CENTRAL, files);
        assertEquals(
                0,
                run(source, "backup", dir.resolve("backup").toString(), "acme/central")
                        .code());

        write(target, CENTRAL, Map.of("stray/b.md", "b\n".getBytes(StandardCharsets.UTF_8)));
        Run refused = run(target, "restore", dir.resolve("backup").toString());
        assertEquals(1, refused.code());
        assertTrue(
                refused.err().contains("hf://buckets/acme/central/ holds 1 file, nothing was restored"), refused.err());

        Run replaced = run(
                target,
                "restore",
                "--replace",
                "--leave-out",
                ".collab/serve-claim.json",
                dir.resolve("backup").toString());
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(
                List.of("board/a.md"), target.paths(CENTRAL).stream().sorted().toList());
    }
}
