package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small contents of a {@code file:} bucket live in the journal until a compaction moves them into a pack file: a
 * put creates no file, reads are served from the journal and then from the pack with the same bytes, a compaction
 * keeps each live content once and nothing else, a crash at any step of a compaction reopens to the same listing
 * and bytes, packs stay few, and buckets written with an object file per content read unchanged.
 */
class FileJournalContentsTest {
    private static final BucketId B = BucketId.parse("org/bucket");

    @TempDir
    Path root;

    private Path bucketDir() {
        return root.resolve("org/bucket");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long fileCount() throws Exception {
        try (Stream<Path> all = Files.walk(bucketDir())) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private long objectCount() throws Exception {
        try (Stream<Path> all = Files.walk(bucketDir().resolve("objects"))) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private List<Path> packs() throws Exception {
        List<Path> out = new ArrayList<>();
        try (var d = Files.newDirectoryStream(bucketDir(), "pack.*")) {
            d.forEach(out::add);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Every file's bytes, read through a fresh store. */
    private Map<String, byte[]> contents() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            for (BucketEntry e : store.listAll(B, "")) {
                out.put(e.path().value(), store.read(B, e.path()).orElseThrow());
            }
        }
        return out;
    }

    private static void assertSameContents(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "listing");
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, actual.get(path), "bytes of " + path));
    }

    @Test
    void aSmallPutCreatesNoFileAndIsReadFromTheJournal() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("first"), utf8("first"));
            long before = fileCount();
            for (int i = 0; i < 20; i++) {
                store.put(B, BucketPath.of("m/" + i + ".md"), utf8("message " + i));
            }
            assertEquals(before, fileCount(), "20 small puts created files");
            assertEquals(0, objectCount());
            assertEquals(
                    "message 7", store.readString(B, BucketPath.of("m/7.md")).orElseThrow());
        }
        try (FileSystemBucketStore again = FileSystemBucketStore.open(root)) {
            assertEquals(
                    "message 19", again.readString(B, BucketPath.of("m/19.md")).orElseThrow());
        }
    }

    @Test
    void aCompactionMovesTheLiveContentsIntoOnePackOnceEach() throws Exception {
        Map<String, byte[]> expected;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            for (int i = 0; i < 30; i++) {
                store.put(B, BucketPath.of("f/" + i), utf8("content " + (i % 10))); // 10 distinct contents
            }
            store.put(B, BucketPath.of("gone"), utf8("deleted before the compaction"));
            store.delete(B, BucketPath.of("gone"));
            store.put(B, BucketPath.of("f/0"), utf8("replaced"));
            expected = contents();
            store.compact(B);
            assertSameContents(expected, contents());
            // the same store, its index rebased onto the pack
            assertEquals("replaced", store.readString(B, BucketPath.of("f/0")).orElseThrow());
        }
        assertEquals(List.of(bucketDir().resolve("pack.33")), packs());
        long live = expected.values().stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .distinct()
                .mapToLong(s -> utf8(s).length)
                .sum();
        assertEquals(live, Files.size(packs().getFirst()), "each live content once, nothing deleted");
        assertEquals(0, Files.size(bucketDir().resolve("journal.33.log")));
        assertFalse(Files.exists(bucketDir().resolve("journal.0.log")));
        assertEquals(0, objectCount());
        assertSameContents(expected, contents());
    }

    @Test
    void packsStayFewAcrossManyCompactions() throws Exception {
        Map<String, byte[]> expected = new LinkedHashMap<>();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.system(), 1)) {
            store.create(B, false);
            for (int i = 0; i < 64; i++) {
                byte[] bytes = utf8(String.format("message %04d", i));
                store.put(B, BucketPath.of(String.format("m/%04d", i)), bytes);
                expected.put(String.format("m/%04d", i), bytes);
                if (i % 5 == 4) {
                    store.delete(B, BucketPath.of(String.format("m/%04d", i - 2)));
                    expected.remove(String.format("m/%04d", i - 2));
                }
                assertTrue(packs().size() <= 7, "after " + (i + 1) + " compactions: " + packs());
            }
        }
        assertSameContents(expected, contents());
        assertEquals(0, objectCount());
    }

    @Test
    void aCrashAtEachStepOfACompactionReopensToTheSameListingAndBytes() throws Exception {
        Map<String, byte[]> expected;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            for (int i = 0; i < 12; i++) {
                store.put(B, BucketPath.of("m/" + i), utf8("message " + i));
            }
            expected = contents();
        }
        Path before = root.resolve("snapshot-before");
        copyTree(bucketDir(), before);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.compact(B);
        }
        Path pack = bucketDir().resolve("pack.12");
        Path checkpoint = bucketDir().resolve("checkpoint.12");
        assertTrue(Files.exists(pack) && Files.exists(checkpoint));
        Path after = root.resolve("snapshot-after");
        copyTree(bucketDir(), after);

        // 1. Killed after the pack was renamed into place, before the checkpoint: the old pair holds everything.
        restore(before);
        Files.copy(after.resolve("pack.12"), pack);
        Files.writeString(bucketDir().resolve("tmp/tmp-pack-torn"), "half a pack");
        assertSameContents(expected, contents());
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("m/late"), utf8("late"));
        }
        assertFalse(Files.exists(pack), "the pack no checkpoint names is swept");
        assertEquals("late", new String(contents().get("m/late"), StandardCharsets.UTF_8));

        // 2. Killed after the checkpoint was renamed, before the new journal was created and the old pair deleted.
        restore(before);
        Files.copy(after.resolve("pack.12"), pack);
        Files.copy(after.resolve("checkpoint.12"), checkpoint);
        assertSameContents(expected, contents());
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.put(B, BucketPath.of("m/late"), utf8("late"));
        }
        assertFalse(Files.exists(bucketDir().resolve("journal.0.log")), "the replaced journal is deleted");
        assertTrue(Files.exists(pack));
        Map<String, byte[]> withLate = new LinkedHashMap<>(expected);
        withLate.put("m/late", utf8("late"));
        assertSameContents(withLate, contents());

        // 3. Killed after the new journal was created, before the old pair was deleted.
        restore(after);
        copyTree(before.resolve("checkpoint.0"), bucketDir().resolve("checkpoint.0"));
        copyTree(before.resolve("journal.0.log"), bucketDir().resolve("journal.0.log"));
        assertSameContents(expected, contents());
    }

    @Test
    void readsRacingCompactionsAlwaysGetTheBytes() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.system(), 3)) {
            store.create(B, false);
            for (int i = 0; i < 20; i++) {
                store.put(B, BucketPath.of("fixed/" + i), utf8("fixed " + i));
            }
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> reads = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    reads.add(readers.submit(() -> {
                        int n = 0;
                        while (!done.get()) {
                            int i = n++ % 20;
                            assertEquals(
                                    "fixed " + i,
                                    store.readString(B, BucketPath.of("fixed/" + i))
                                            .orElseThrow());
                        }
                        return n;
                    }));
                }
                for (int i = 0; i < 60; i++) {
                    store.put(B, BucketPath.of("churn/" + (i % 7)), utf8("churn " + i));
                }
                done.set(true);
                for (Future<Integer> f : reads) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
                }
            } finally {
                done.set(true);
                readers.shutdownNow();
            }
        }
    }

    @Test
    void aBucketWithObjectFilesForSmallContentsReadsUnchangedAndMovesToPacks() throws Exception {
        Map<String, byte[]> expected;
        // The layout before: an object file per content, compactions that force them and name no pack.
        try (FileSystemBucketStore old = FileSystemBucketStore.openWithInlineObjects(root, 4)) {
            old.create(B, false);
            for (int i = 0; i < 10; i++) {
                old.put(B, BucketPath.of("m/" + i), utf8("old message " + i));
            }
            old.put(B, BucketPath.of("m/3"), utf8("old message 3, edited"));
        }
        assertTrue(objectCount() >= 10, "the old layout wrote object files");
        assertTrue(packs().isEmpty());
        try (FileSystemBucketStore old = FileSystemBucketStore.openWithInlineObjects(root, 4)) {
            expected = new LinkedHashMap<>();
            for (BucketEntry e : old.listAll(B, "")) {
                expected.put(e.path().value(), old.read(B, e.path()).orElseThrow());
            }
        }
        assertSameContents(expected, contents());
        Set<String> objectsBefore = objectNames();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.system(), 4)) {
            for (int i = 0; i < 6; i++) {
                store.put(B, BucketPath.of("n/" + i), utf8("new message " + i));
                expected.put("n/" + i, utf8("new message " + i));
            }
            store.delete(B, BucketPath.of("m/0"));
            expected.remove("m/0");
            store.compact(B);
        }
        assertFalse(packs().isEmpty(), "the new code packs what its journals held");
        assertSameContents(expected, contents());
        Set<String> added = objectNames();
        added.removeAll(objectsBefore);
        assertEquals(Set.of(), added, "the new code wrote no object file for a small content");
    }

    private Set<String> objectNames() throws Exception {
        try (Stream<Path> all = Files.walk(bucketDir().resolve("objects"))) {
            Set<String> names = new HashSet<>();
            all.filter(Files::isRegularFile)
                    .forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    private void restore(Path snapshot) throws Exception {
        deleteTree(bucketDir());
        copyTree(snapshot, bucketDir());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aBatchThatReplacesAndDeletesTheSameContentKeepsItReadable() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("shared"));
            // "b" names the content "a" holds (no bytes carried), then "a" goes in the same batch
            store.apply(B, List.of(BatchOp.put("b", utf8("shared")), BatchOp.delete("a")));
            store.apply(B, List.of(BatchOp.delete("b"), BatchOp.put("c", utf8("shared"))));
            assertEquals("shared", store.readString(B, BucketPath.of("c")).orElseThrow());
            store.compact(B);
            assertEquals("shared", store.readString(B, BucketPath.of("c")).orElseThrow());
        }
        assertEquals("shared", new String(contents().get("c"), StandardCharsets.UTF_8));
    }

    @Test
    void aCheckpointNamesPackedContentsAndReadsTheFormatWithoutThem() {
        String h1 = "a".repeat(64);
        String h2 = "b".repeat(64);
        java.util.TreeMap<String, Manifest.Entry> entries = new java.util.TreeMap<>();
        entries.put("m/1", new Manifest.Entry(h1, 5, 1000));
        entries.put("m/2", new Manifest.Entry(h2, 7, 2000));
        entries.put("m/3", new Manifest.Entry(h1, 5, 3000));
        byte[] bytes = Checkpoint.encode(entries, Map.of(h1, Location.pack(9, 0, 5)));
        Checkpoint back = Checkpoint.decode(bytes, "test");
        assertEquals(entries, back.entries());
        assertEquals(Map.of(h1, Location.pack(9, 0, 5)), back.packed());
        // the format before packs: no @ prefixes
        Checkpoint legacy = Checkpoint.decode(legacyCheckpoint(entries), "legacy");
        assertEquals(entries, legacy.entries());
        assertEquals(Map.of(), legacy.packed());
        // cut short, or a line lost: damage too (checkpoints are renamed into place whole), never skipped
        for (byte[] cut : List.of(
                java.util.Arrays.copyOf(bytes, bytes.length - 4),
                java.util.Arrays.copyOf(bytes, bytes.length - 1),
                utf8(new String(bytes, StandardCharsets.UTF_8).replaceFirst("[^\n]*m/2\n", "")),
                new byte[0])) {
            assertEquals(
                    dev.agentcollab.api.error.ErrorCode.INTERNAL,
                    org.junit.jupiter.api.Assertions.assertThrows(
                                    dev.agentcollab.api.error.CollabException.class,
                                    () -> Checkpoint.decode(cut, "torn"))
                            .code());
        }
        // complete but damaged: an error, never a silent fall-back to an older state
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("@9 0 " + h1 + " 5 1000 m/1\n"));
        String damaged = new String(bytes, StandardCharsets.UTF_8).replace("@9 0 ", "@nine 0 ");
        assertEquals(
                dev.agentcollab.api.error.ErrorCode.INTERNAL,
                org.junit.jupiter.api.Assertions.assertThrows(
                                dev.agentcollab.api.error.CollabException.class,
                                () -> Checkpoint.decode(utf8(damaged), "damaged"))
                        .code());
    }

    /** A checkpoint as written before pack files existed: the manifest lines, then {@code E <count>}. */
    private static byte[] legacyCheckpoint(java.util.NavigableMap<String, Manifest.Entry> entries) {
        StringBuilder out = new StringBuilder();
        entries.forEach((path, e) -> out.append(e.hash())
                .append(' ')
                .append(e.size())
                .append(' ')
                .append(e.mtimeMillis())
                .append(' ')
                .append(path)
                .append('\n'));
        return utf8(out.append("E ").append(entries.size()).append('\n').toString());
    }
}
