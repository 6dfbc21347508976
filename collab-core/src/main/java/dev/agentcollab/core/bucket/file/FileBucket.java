package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.spi.ContentHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The on-disk layout of one bucket and its low-level operations:
 *
 * <pre>
 * {root}/{org}/{name}/
 *   bucket.properties   creation time (written once, before the folder becomes visible)
 *   checkpoint.{seq}    every file as of batch {seq} ({@link Manifest} format with a closing E line)
 *   journal.{seq}.log   the batches committed after checkpoint.{seq} ({@link JournalRecord}), append only
 *   lock                the writer lock file ({@link BucketLock})
 *   objects/ab/ab12...  file contents, named by SHA-256, written once by temp file + rename
 *   tmp/                temporary files; anything here is garbage after a crash
 *   manifest            legacy layout (one file rewritten per batch): converted to checkpoint.0 when first opened
 * </pre>
 *
 * <p>A batch writes its new objects, then appends one record to the journal and forces it: the record's
 * completeness (length and CRC-32C) is the commit point, so after a crash a reader sees all of a batch or none of
 * it, and a write costs O(batch) whatever the bucket holds. Contents up to {@link #INLINE_MAX} bytes travel in the
 * record itself ({@link JournalRecord.Put#inline()}): their object files are written (temp file + rename) but not
 * forced, so a batch of small files costs one forced write, the journal's. When the journal is loaded, an
 * object named by an inline put that is missing or short (a power loss before the kernel wrote it) is written
 * again from the record; before a compaction deletes a journal, the objects its records carry are forced.
 * Larger contents are forced (and their folder) before the record is appended. A writer that finds a torn
 * record at the end of the journal (its writer was killed) truncates it, under the lock. When the journal passes
 * {@code compactRecords} records or {@code compactBytes} bytes it is compacted: the new checkpoint is written by
 * temp file + rename, an empty journal is created, then the old pair is deleted; a crash between those steps
 * leaves a complete checkpoint whose journal is missing (recovered as empty) or two pairs (the older one is
 * ignored and deleted by the next writer).
 *
 * <p>The {@link BucketIndex} is loaded once per store and then caught up: each access compares the journal's size
 * with the replayed offset and replays only the new tail (written by another store or process); a missing
 * journal means a compaction happened elsewhere, and the index is reloaded. Objects no longer named are removed
 * after the commit that orphaned them, and by {@link #sweep} after a crash.
 */
final class FileBucket {
    /** Compact after this many journal records by default. */
    static final long DEFAULT_COMPACT_RECORDS = 50_000;

    /** Compact after this many journal bytes by default. */
    static final long DEFAULT_COMPACT_BYTES = 64L * 1024 * 1024;

    /** Contents up to this size are carried in the journal record instead of being forced one by one. */
    static final int INLINE_MAX = 128 * 1024;

    final Path dir;
    private final long compactRecords;
    private final long compactBytes;
    private final Object replay = new Object();
    private volatile BucketIndex index;

    FileBucket(Path dir, long compactRecords, long compactBytes) {
        this.dir = dir;
        this.compactRecords = compactRecords;
        this.compactBytes = compactBytes;
    }

    Path lockFile() {
        return dir.resolve("lock");
    }

    Path tmpDir() {
        return dir.resolve("tmp");
    }

    Path object(String hash) {
        return dir.resolve("objects").resolve(hash.substring(0, 2)).resolve(hash);
    }

    Path checkpoint(long seq) {
        return dir.resolve("checkpoint." + seq);
    }

    Path journal(long seq) {
        return dir.resolve("journal." + seq + ".log");
    }

    private Path legacyManifest() {
        return dir.resolve("manifest");
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve("bucket.properties"));
    }

    /** The index, caught up with every batch committed on disk so far. */
    BucketIndex index() throws IOException {
        BucketIndex i = index;
        if (i == null) {
            synchronized (replay) {
                if (index == null) {
                    index = load();
                }
                return index;
            }
        }
        long size;
        try {
            size = Files.size(journal(i.checkpointSeq()));
        } catch (NoSuchFileException compacted) {
            synchronized (replay) {
                if (index == i) {
                    index = load();
                }
                return index;
            }
        }
        if (size > i.offset()) {
            synchronized (replay) {
                if (index == i) {
                    replayTail(i);
                }
                return index;
            }
        }
        return i;
    }

    private BucketIndex load() throws IOException {
        for (long c : checkpointSeqs()) {
            NavigableMap<String, Manifest.Entry> entries;
            try {
                entries = Manifest.decodeCheckpoint(
                        Files.readAllBytes(checkpoint(c)), checkpoint(c).toString());
            } catch (NoSuchFileException deleted) {
                continue; // a compaction elsewhere removed it just now
            }
            if (entries != null) {
                BucketIndex i = new BucketIndex(entries, c);
                restoreInline(i, replayTail(i));
                return i;
            }
        }
        if (Files.isRegularFile(legacyManifest())) {
            convertLegacy();
            return load();
        }
        return new BucketIndex(new TreeMap<>(), 0); // created, nothing committed yet
    }

    /** Newest first. */
    private List<Long> checkpointSeqs() throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "checkpoint.*")) {
            for (Path p : files) {
                try {
                    seqs.add(Long.parseLong(p.getFileName().toString().substring("checkpoint.".length())));
                } catch (NumberFormatException notOurs) {
                    // ignore
                }
            }
        }
        seqs.sort((a, b) -> Long.compare(b, a));
        return seqs;
    }

    /**
     * Replays the complete records after the index's offset (no lock needed: a torn tail is simply not read).
     *
     * @return the replayed records
     */
    private List<JournalRecord> replayTail(BucketIndex i) throws IOException {
        byte[] tail;
        try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= i.offset()) {
                return List.of();
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - i.offset()));
            while (buf.hasRemaining() && ch.read(buf, i.offset() + buf.position()) >= 0) {
                // read the whole tail
            }
            tail = buf.array();
        } catch (NoSuchFileException noJournalYet) {
            return List.of();
        }
        JournalRecord.Scan scan = JournalRecord.scan(tail);
        for (int k = 0; k < scan.records().size(); k++) {
            i.apply(scan.records().get(k), scan.lengths().get(k));
        }
        return scan.records();
    }

    /**
     * Rewrites, from the journal, the objects of inline puts that are still named but whose files are missing or
     * short: a power loss can lose an unforced object file whose record was forced. One {@code stat} per inline
     * object of the journal; after a clean stop or a killed process nothing is written.
     */
    private void restoreInline(BucketIndex i, List<JournalRecord> records) throws IOException {
        Map<String, byte[]> contents = new HashMap<>();
        for (JournalRecord r : records) {
            for (JournalRecord.Op op : r.ops()) {
                if (op instanceof JournalRecord.Put p && p.inline()) {
                    contents.put(p.hash(), p.content());
                }
            }
        }
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            if (!i.referenced(e.getKey())) {
                continue;
            }
            Path target = object(e.getKey());
            long size;
            try {
                size = Files.size(target);
            } catch (NoSuchFileException missing) {
                size = -1;
            }
            if (size != e.getValue().length) {
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, tmpDir(), e.getValue());
            }
        }
    }

    /** Converts a legacy {@code manifest} to {@code checkpoint.0} and an empty journal, under the writer lock. */
    private void convertLegacy() throws IOException {
        try (BucketLock.Held lock = BucketLock.acquire(lockFile())) {
            if (!Files.isRegularFile(legacyManifest())) {
                return; // converted meanwhile
            }
            Manifest m = Manifest.decode(
                    Files.readAllBytes(legacyManifest()), legacyManifest().toString());
            AtomicFiles.write(checkpoint(0), tmpDir(), Manifest.encodeCheckpoint(m.entries()));
            createJournal(0);
            Files.delete(legacyManifest());
            AtomicFiles.syncDirectory(dir);
        }
    }

    /**
     * Makes the on-disk state ready for a write; call under the writer lock. Catches up, creates a missing
     * journal (a crash between a checkpoint and its journal), truncates a torn record left by a killed writer and
     * deletes the checkpoints and journals that a newer checkpoint replaced.
     *
     * @return the index
     */
    BucketIndex prepareWrite() throws IOException {
        BucketIndex i = index();
        synchronized (replay) {
            i = index;
            Path journal = journal(i.checkpointSeq());
            if (!Files.exists(journal)) {
                createJournal(i.checkpointSeq());
            }
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                if (ch.size() > i.offset()) {
                    ch.truncate(i.offset());
                    ch.force(true);
                }
            }
            for (long c : checkpointSeqs()) {
                if (c < i.checkpointSeq()) {
                    Files.deleteIfExists(checkpoint(c));
                    Files.deleteIfExists(journal(c));
                }
            }
            return i;
        }
    }

    /**
     * Commits a batch: appends its record, forces the journal, then applies it to the index. Call under the
     * writer lock after {@link #prepareWrite()}. When the append fails, the journal is cut back to its last
     * complete record so the batch stays uncommitted.
     *
     * @return the objects that no file names any more
     */
    List<String> commit(BucketIndex i, JournalRecord record) throws IOException {
        byte[] bytes = record.encode();
        synchronized (replay) {
            long before = i.offset();
            try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                long at = before;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(false);
            } catch (IOException | RuntimeException failed) {
                try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.WRITE)) {
                    ch.truncate(before);
                } catch (IOException cleanup) {
                    failed.addSuppressed(cleanup);
                }
                throw failed;
            }
            return i.apply(record, bytes.length);
        }
    }

    /**
     * Compacts when the journal has grown past the thresholds; call under the writer lock after a commit.
     *
     * @return whether it compacted
     */
    boolean compactIfDue(BucketIndex i) throws IOException {
        if (i.records() < compactRecords && i.offset() < compactBytes) {
            return false;
        }
        long old = i.checkpointSeq();
        long s = i.seq();
        forceInlined(i);
        AtomicFiles.write(checkpoint(s), tmpDir(), i.encodeCheckpoint());
        createJournal(s);
        synchronized (replay) {
            i.rebase(s);
        }
        Files.deleteIfExists(journal(old));
        Files.deleteIfExists(checkpoint(old));
        AtomicFiles.syncDirectory(dir);
        return true;
    }

    /**
     * Forces the object files that only the current journal makes durable (written unforced for inline puts),
     * and their folders, before a compaction deletes that journal. Files the kernel has written back by now cost
     * little to force.
     */
    private void forceInlined(BucketIndex i) throws IOException {
        Set<Path> folders = new HashSet<>();
        for (String hash : i.inlinedLive()) {
            Path file = object(hash);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (NoSuchFileException gone) {
                continue; // orphaned and deleted meanwhile
            }
            folders.add(file.getParent());
        }
        folders.forEach(AtomicFiles::syncDirectory);
        if (!folders.isEmpty()) {
            AtomicFiles.syncDirectory(dir.resolve("objects"));
        }
    }

    private void createJournal(long seq) throws IOException {
        Path journal = journal(seq);
        if (!Files.exists(journal)) {
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.syncDirectory(dir);
        }
    }

    /** Reads an object, or throws {@link NoSuchFileException} when a concurrent commit removed it. */
    byte[] readObject(String hash) throws IOException {
        return Files.readAllBytes(object(hash));
    }

    /**
     * Stores content that the batch's record carries inline (at most {@link #INLINE_MAX} bytes) under its hash
     * unless already present, by temp file + rename without forcing: the forced record is what makes it durable.
     *
     * @return the hash
     */
    String writeInlineObject(byte[] bytes) throws IOException {
        String hash = ContentHashes.sha256(bytes);
        Path target = object(hash);
        if (!Files.isRegularFile(target)) {
            Files.createDirectories(target.getParent());
            Path tmp = tmpDir().resolve("tmp-" + UUID.randomUUID());
            try {
                Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                AtomicFiles.move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return hash;
    }

    /** Stores content under its hash unless already present, forced to disk with its folder; returns the hash. */
    String writeObject(byte[] bytes) throws IOException {
        String hash = ContentHashes.sha256(bytes);
        Path target = object(hash);
        if (!Files.isRegularFile(target)) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, tmpDir(), bytes);
        }
        return hash;
    }

    /** Deletes the candidate objects that no file names. Call under the lock, after the commit. */
    void deleteUnreferenced(Collection<String> candidates, BucketIndex live) throws IOException {
        for (String hash : candidates) {
            if (!live.referenced(hash)) {
                Files.deleteIfExists(object(hash));
            }
        }
    }

    /** Crash recovery, under the lock: removes temporary files and objects that no file names. */
    void sweep(BucketIndex live) throws IOException {
        if (Files.isDirectory(tmpDir())) {
            try (DirectoryStream<Path> tmp = Files.newDirectoryStream(tmpDir())) {
                for (Path p : tmp) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Path objects = dir.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return;
        }
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(objects, 2)) {
            files.filter(Files::isRegularFile)
                    .forEach(p -> all.add(p.getFileName().toString()));
        }
        deleteUnreferenced(all, live);
    }
}
