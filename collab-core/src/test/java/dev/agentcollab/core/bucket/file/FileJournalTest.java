package dev.agentcollab.core.bucket.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code file:} backend's journal and checkpoints: a torn or corrupt tail is a batch that never committed (a
 * complete record that does not parse is not one: it stops the bucket instead of being cut), a
 * crash at any step of a compaction leaves a state that reopens to the same listing, replaying the journal gives
 * the same listing as the writer saw, and buckets in the old single-manifest layout are converted.
 */
class FileJournalTest {
    private static final BucketId B = BucketId.parse("org/bucket");

    @TempDir
    Path root;

    private Path bucketDir() {
        return root.resolve("org/bucket");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<BucketEntry> listing(FileSystemBucketStore store) {
        return store.listAll(B, "");
    }

    private List<Path> files(String glob) throws Exception {
        List<Path> out = new ArrayList<>();
        try (var d = Files.newDirectoryStream(bucketDir(), glob)) {
            d.forEach(out::add);
        }
        return out;
    }

    @Test
    void aTornRecordAtTheEndOfTheJournalIsABatchThatNeverCommitted() throws Exception {
        List<BucketEntry> before;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
            store.put(B, BucketPath.of("b"), utf8("two"));
            before = listing(store);
        }
        Path journal = bucketDir().resolve("journal.0.log");
        long committed = Files.size(journal);
        byte[] next = new JournalRecord(3, 0, List.of(new JournalRecord.Delete("a"))).encode();
        // A writer killed in the middle of its append: only part of the record reached the disk.
        Files.write(journal, java.util.Arrays.copyOf(next, next.length - 3), StandardOpenOption.APPEND);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(before, listing(store), "the torn batch must not be visible");
            store.put(B, BucketPath.of("c"), utf8("three"));
            assertEquals(List.of("a", "b", "c"), paths(listing(store)));
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("a", "b", "c"), paths(listing(store)), "the next writer cut the torn tail");
            assertTrue(Files.size(journal) > committed);
        }
    }

    @Test
    void aRecordCarriesSmallContentsAndDecodesToTheSameBatch() {
        byte[] small = utf8("small \u00e9 content\nwith lines\n");
        JournalRecord record = new JournalRecord(
                4,
                123,
                List.of(
                        new JournalRecord.Put("a/x.md", "h1", small.length, small),
                        new JournalRecord.Delete("b"),
                        new JournalRecord.Put("c", "h2", 5),
                        new JournalRecord.Put("d", "h3", 0, new byte[0])));
        byte[] bytes = record.encode();
        JournalRecord.Scan scan = JournalRecord.scan(bytes);
        assertEquals(bytes.length, scan.end());
        JournalRecord back = scan.records().getFirst();
        assertEquals(4, back.seq());
        assertEquals(123, back.mtimeMillis());
        assertEquals(4, back.ops().size());
        JournalRecord.Put first = (JournalRecord.Put) back.ops().get(0);
        assertTrue(first.inline());
        assertEquals("a/x.md", first.path());
        assertEquals(new String(small, StandardCharsets.UTF_8), new String(first.content(), StandardCharsets.UTF_8));
        assertEquals("b", back.ops().get(1).path());
        assertFalse(((JournalRecord.Put) back.ops().get(2)).inline());
        assertEquals(0, ((JournalRecord.Put) back.ops().get(3)).content().length);
        // a torn copy (content cut short) is not a record
        assertEquals(
                0,
                JournalRecord.scan(java.util.Arrays.copyOf(bytes, bytes.length - 1))
                        .records()
                        .size());
    }

    @Test
    void anUnforcedObjectLostWithItsFolderEntryIsRestoredFromTheJournal() throws Exception {
        byte[] content = utf8("a message that only the journal record made durable");
        String hash = dev.agentcollab.api.bucket.spi.ContentHashes.sha256(content);
        // The layout that also wrote an unforced object file for each content the record carries.
        try (FileSystemBucketStore store =
                FileSystemBucketStore.openWithInlineObjects(root, FileBucket.DEFAULT_COMPACT_RECORDS)) {
            store.create(B, false);
            store.put(B, BucketPath.of("m/one.md"), content);
            store.put(B, BucketPath.of("m/two.md"), utf8("two"));
        }
        Path object =
                bucketDir().resolve("objects").resolve(hash.substring(0, 2)).resolve(hash);
        assertTrue(Files.isRegularFile(object));
        // A power loss after the journal was forced but before the kernel wrote the object: it is gone or empty.
        Files.write(object, new byte[0]);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(
                    new String(content, StandardCharsets.UTF_8),
                    store.readString(B, BucketPath.of("m/one.md")).orElseThrow());
        }
        Files.delete(object);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(
                    new String(content, StandardCharsets.UTF_8),
                    store.readString(B, BucketPath.of("m/one.md")).orElseThrow());
            assertEquals("two", store.readString(B, BucketPath.of("m/two.md")).orElseThrow());
        }
    }

    @Test
    void largeContentsAreNotCarriedInTheJournal() throws Exception {
        byte[] large = new byte[FileBucket.INLINE_MAX + 1];
        new Random(3).nextBytes(large);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("big.bin"), large);
            assertTrue(Files.size(bucketDir().resolve("journal.0.log")) < 1024, "the record names the object only");
            assertEquals(large.length, store.read(B, BucketPath.of("big.bin")).orElseThrow().length);
        }
    }

    @Test
    void aRecordWithABadChecksumEndsTheJournal() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
        }
        Path journal = bucketDir().resolve("journal.0.log");
        byte[] next = new JournalRecord(2, 0, List.of(new JournalRecord.Delete("a"))).encode();
        next[next.length - 2] ^= 1; // a flipped bit in the payload
        Files.write(journal, next, StandardOpenOption.APPEND);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("a"), paths(listing(store)));
        }
    }

    @Test
    void aCompleteRecordThisCodeCannotReadStopsTheBucketAndIsNotCut() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
        }
        Path journal = bucketDir().resolve("journal.0.log");
        long committed = Files.size(journal);
        // A batch a newer version committed, with a kind of line this code does not know, then one more batch.
        byte[] foreign = framed(utf8("B 2 0 1\nX c0ffee 3 a\n"));
        byte[] after = new JournalRecord(3, 0, List.of(new JournalRecord.Delete("a"))).encode();
        Files.write(journal, foreign, StandardOpenOption.APPEND);
        Files.write(journal, after, StandardOpenOption.APPEND);
        byte[] onDisk = Files.readAllBytes(journal);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            CollabException read = assertThrows(CollabException.class, () -> listing(store));
            assertEquals(ErrorCode.INTERNAL, read.code());
            assertTrue(read.getMessage().contains("journal.0.log at byte " + committed), read.getMessage());
            assertTrue(read.getMessage().contains("begins 'B 2 0 1'"), read.getMessage());
            assertTrue(read.getMessage().contains("nothing was cut"), read.getMessage());
            assertTrue(read.hint().orElseThrow().contains("newer version"), read.toString());
            CollabException write =
                    assertThrows(CollabException.class, () -> store.put(B, BucketPath.of("b"), utf8("two")));
            assertEquals(ErrorCode.INTERNAL, write.code());
        }
        assertArrayEquals(onDisk, Files.readAllBytes(journal), "the committed batches after the last readable one");
    }

    @Test
    void aZeroFilledTailIsTorn() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
        }
        Path journal = bucketDir().resolve("journal.0.log");
        long committed = Files.size(journal);
        // A file system that extended the journal before a crash and left the new block zero-filled.
        Files.write(journal, new byte[4096], StandardOpenOption.APPEND);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("a"), paths(listing(store)));
            store.put(B, BucketPath.of("b"), utf8("two"));
            assertEquals(List.of("a", "b"), paths(listing(store)));
        }
        assertTrue(Files.size(journal) < committed + 4096, "the next writer cut the zeros");
    }

    @Test
    void lookingUpBucketsThatDoNotExistKeepsNoHandles() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            int before = store.handles();
            for (int i = 0; i < 1000; i++) {
                // e.g. registrations of made-up agent ids: each asks whether that agent's bucket exists
                BucketId made = BucketId.parse("org/collab-made-up-" + i);
                assertFalse(store.exists(made));
                assertTrue(store.info(made).isEmpty());
                assertThrows(CollabException.class, () -> store.list(made, ListRequest.under("")));
            }
            assertEquals(before, store.handles());
            BucketId later = BucketId.parse("org/collab-made-up-7");
            store.create(later, false);
            assertTrue(store.exists(later), "a bucket created after a lookup is found");
            store.put(later, BucketPath.of("a"), utf8("one"));
            assertEquals(List.of("a"), paths(store.listAll(later, "")));
        }
    }

    /** A record's frame around {@code payload}: its length and its CRC-32C, as the store writes them. */
    private static byte[] framed(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return java.nio.ByteBuffer.allocate(8 + payload.length)
                .putInt(payload.length)
                .putInt((int) crc.getValue())
                .put(payload)
                .array();
    }

    @Test
    void replayingTheJournalGivesTheSameListingAcrossCompactions() throws Exception {
        List<BucketEntry> seen;
        Random random = new Random(7);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.system(), 5)) {
            store.create(B, false);
            for (int n = 0; n < 60; n++) {
                List<BatchOp> batch = new ArrayList<>();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    String path = "dir" + random.nextInt(3) + "/f" + random.nextInt(20);
                    switch (random.nextInt(4)) {
                        case 0 -> batch.add(BatchOp.delete(path));
                        case 1 -> batch.add(new BatchOp.Copy(B, BucketPath.of("seed"), BucketPath.of(path)));
                        default -> batch.add(BatchOp.put(path, utf8("v" + random.nextInt(10))));
                    }
                }
                if (n == 0) {
                    batch.addFirst(BatchOp.put("seed", utf8("seed")));
                }
                store.apply(B, batch);
            }
            seen = listing(store);
        }
        assertTrue(files("checkpoint.*").size() == 1, "old checkpoints are deleted after a compaction");
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(seen, listing(store), "a fresh store replays to the same listing (paths, hashes, times)");
            for (BucketEntry e : seen) {
                assertTrue(store.read(B, e.path()).isPresent(), "object of " + e.path() + " is missing");
            }
        }
        try (Stream<Path> objects = Files.walk(bucketDir().resolve("objects"))) {
            assertEquals(0, objects.filter(Files::isRegularFile).count(), "small contents have no object files");
        }
        // Each content some file names is stored once, in a pack or in the journal; packs hold nothing else.
        BucketIndex index = new FileBucket(bucketDir(), 5, Long.MAX_VALUE).index();
        long distinct = seen.stream().map(BucketEntry::contentHash).distinct().count();
        assertEquals(distinct, index.inPacks().size() + index.inJournal().size());
        List<Path> named = index.checkpointPacks().stream()
                .map(p -> bucketDir().resolve("pack." + p))
                .sorted()
                .toList();
        assertEquals(
                named, files("pack.*").stream().sorted().toList(), "packs the checkpoint does not name are deleted");
        assertTrue(named.size() <= 4, "merged packs stay few: " + named);
    }

    @Test
    void anotherStoreSeesWritesAcrossACompactionItDidNotMake() throws Exception {
        try (FileSystemBucketStore writer = FileSystemBucketStore.open(root, InstantSource.system(), 3);
                FileSystemBucketStore reader = FileSystemBucketStore.open(root)) {
            writer.create(B, false);
            for (int n = 0; n < 10; n++) {
                writer.put(B, BucketPath.of(String.format("f%02d", n)), utf8("v" + n));
                assertEquals(n + 1, listing(reader).size(), "reader is behind after write " + n);
            }
            assertEquals("v9", reader.readString(B, BucketPath.of("f09")).orElseThrow());
        }
    }

    @Test
    void aCrashAfterTheNewCheckpointBeforeItsJournalReopensToTheSameListing() throws Exception {
        List<BucketEntry> seen;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
            store.put(B, BucketPath.of("b"), utf8("two"));
            seen = listing(store);
            // The first step of a compaction: the checkpoint of batch 2 is in place; the crash came before the
            // new journal was created and before the old pair was deleted.
            FileBucket b = new FileBucket(bucketDir(), 1, Long.MAX_VALUE);
            Files.write(bucketDir().resolve("checkpoint.2"), b.index().encodeCheckpoint());
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(seen, listing(store));
            store.put(B, BucketPath.of("c"), utf8("three"));
            assertEquals(List.of("a", "b", "c"), paths(listing(store)));
        }
        assertEquals(List.of(bucketDir().resolve("checkpoint.2")), files("checkpoint.*"));
        assertEquals(List.of(bucketDir().resolve("journal.2.log")), files("journal.*"));
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(List.of("a", "b", "c"), paths(listing(store)));
        }
    }

    @Test
    void anIncompleteCheckpointStopsTheBucketAndNothingIsSwept() throws Exception {
        List<Path> before;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a"), utf8("one"));
            store.put(B, BucketPath.of("big"), new byte[100_000]); // an object file
            store.compact(B);
            store.put(B, BucketPath.of("b"), utf8("two"));
        }
        // The newest checkpoint loses its closing E line: a checkpoint is renamed into place whole, so only a
        // damaged disk (or a truncated copy) does this. Reading on without it would roll the bucket back, and the
        // next writer's sweep would delete the pack and the objects only it names.
        Path newest = files("checkpoint.*").getLast();
        String text = Files.readString(newest);
        Files.writeString(newest, text.substring(0, text.lastIndexOf("E ")));
        try (Stream<Path> all = Files.walk(bucketDir())) {
            before = all.filter(Files::isRegularFile).sorted().toList();
        }
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            CollabException read = assertThrows(CollabException.class, () -> listing(store));
            assertEquals(ErrorCode.INTERNAL, read.code());
            assertTrue(read.getMessage().contains("damaged bucket checkpoint"), read.getMessage());
            CollabException write =
                    assertThrows(CollabException.class, () -> store.put(B, BucketPath.of("c"), utf8("three")));
            assertEquals(ErrorCode.INTERNAL, write.code());
        }
        try (Stream<Path> all = Files.walk(bucketDir())) {
            assertEquals(before, all.filter(Files::isRegularFile).sorted().toList(), "nothing swept or cut");
        }
    }

    @Test
    void aBucketInTheSingleManifestLayoutIsConverted() throws Exception {
        // That layout had an object file for every content, small ones included.
        try (FileSystemBucketStore store =
                FileSystemBucketStore.openWithInlineObjects(root, FileBucket.DEFAULT_COMPACT_RECORDS)) {
            store.create(B, false);
            store.put(B, BucketPath.of("a/x"), utf8("one"));
            store.put(B, BucketPath.of("b"), utf8("two"));
        }
        // Rewrite the bucket as the old layout had it: one manifest, no checkpoint, no journal.
        List<BucketEntry> seen;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            seen = listing(store);
        }
        StringBuilder manifest = new StringBuilder();
        for (BucketEntry e : seen) {
            manifest.append(e.contentHash())
                    .append(' ')
                    .append(e.size())
                    .append(' ')
                    .append(e.modified().toEpochMilli())
                    .append(' ')
                    .append(e.path().value())
                    .append('\n');
        }
        for (Path p : files("checkpoint.*")) {
            Files.delete(p);
        }
        for (Path p : files("journal.*")) {
            Files.delete(p);
        }
        Files.writeString(bucketDir().resolve("manifest"), manifest);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root)) {
            assertEquals(seen, listing(store));
            assertEquals("one", store.readString(B, BucketPath.of("a/x")).orElseThrow());
            store.put(B, BucketPath.of("c"), utf8("three"));
        }
        assertFalse(Files.exists(bucketDir().resolve("manifest")));
        assertTrue(Files.exists(bucketDir().resolve("checkpoint.0")));
    }

    @Test
    void pagesFollowTheCursorWhileFilesAreAddedAndRemoved() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, InstantSource.system(), 4)) {
            store.create(B, false);
            for (int n = 0; n < 30; n++) {
                store.put(B, BucketPath.of(String.format("p/%02d", n)), utf8("v" + n));
            }
            store.put(B, BucketPath.of("q/outside"), utf8("x"));
            List<String> got = new ArrayList<>();
            ListRequest request = ListRequest.under("p/").withPageSize(7);
            while (true) {
                BucketListing page = store.list(B, request);
                page.entries().forEach(e -> got.add(e.path().value()));
                if (got.size() == 7) {
                    store.delete(B, BucketPath.of("p/03")); // already listed
                    store.put(B, BucketPath.of("p/29a"), utf8("late")); // not yet listed
                }
                if (page.nextPageToken().isEmpty()) {
                    break;
                }
                request = request.next(page.nextPageToken().get());
            }
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                expected.add(String.format("p/%02d", n));
            }
            expected.add("p/29a");
            assertEquals(expected, got, "no entry skipped or repeated");
        }
    }

    private static List<String> paths(List<BucketEntry> entries) {
        return entries.stream().map(e -> e.path().value()).toList();
    }
}
