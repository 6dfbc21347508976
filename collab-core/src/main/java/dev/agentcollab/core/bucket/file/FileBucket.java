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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The on-disk layout of one bucket and its low-level operations:
 *
 * <pre>
 * {root}/{org}/{name}/
 *   bucket.properties   creation time (written once, before the folder becomes visible)
 *   checkpoint.{seq}    every file as of batch {seq}, and where packed contents are ({@link Checkpoint})
 *   journal.{seq}.log   the batches committed after checkpoint.{seq} ({@link JournalRecord}), append only; it
 *                       holds the bytes of the small contents those batches wrote
 *   pack.{seq}          small contents moved out of journals by the compaction that wrote checkpoint.{seq},
 *                       back to back, written once
 *   lock                the writer lock file ({@link BucketLock})
 *   objects/ab/ab12...  contents larger than {@link #INLINE_MAX}, named by SHA-256, written once by temp file +
 *                       rename (and small contents of buckets written before packs existed)
 *   tmp/                temporary files; anything here is garbage after a crash
 *   manifest            legacy layout (one file rewritten per batch): converted to checkpoint.0 when first opened
 * </pre>
 *
 * <p>A batch appends one record to the journal and forces it: the record's completeness (length and CRC-32C) is
 * the commit point, so after a crash a reader sees all of a batch or none of it, and a write costs O(batch)
 * whatever the bucket holds. Concurrent writers of one store commit in groups ({@link GroupCommit}): the records
 * of every batch queued while the previous group was written are appended back to back and forced once, each
 * still a record of its own. Contents up to {@link #INLINE_MAX} bytes travel in the record itself
 * ({@link JournalRecord.Put#inline()}) and stay there: no file is created for them, the {@link BucketIndex} maps
 * their hash to a {@link Location} (journal, offset, size) and reads serve them by a positional read on a shared
 * channel of the journal, in this process or any other that replays the same journal. A small content some file
 * already names is not carried again (the record names it by hash). Larger contents are forced to an object file
 * (and its folder) before the record is appended. A writer that finds a torn record at the end of the journal
 * (its writer was killed) truncates it, under the lock.
 *
 * <p>When the journal passes {@code compactRecords} records or {@code compactBytes} bytes it is compacted, under
 * the lock: the live contents of the journal are copied into a new {@code pack.{s}} (temporary file, forced,
 * renamed), together with the live contents of older packs that are more than half garbage or no larger than
 * what the new pack holds so far (so packs stay few: their sizes grow geometrically, and each content is copied
 * O(log n) times over its life); then {@code checkpoint.{s}} is written by temporary file + force + rename, naming
 * every packed content's pack and offset; then an empty journal is created and the old journal, checkpoint and
 * merged packs are deleted. A crash before the checkpoint's rename leaves the old pair complete and a pack no
 * checkpoint names (deleted by the next writer's sweep); after it, a complete checkpoint whose journal is missing
 * (recovered as empty) or two pairs (the older one is ignored and deleted by the next writer). One pack file per
 * compaction instead of one object file per small content: 100k messages are a few files, not 100k.
 *
 * <p>The index is loaded once per store and then caught up: each access compares the journal's size with the
 * replayed offset and replays only the new tail (written by another store or process; a tail this handle's own
 * commit is appending and forcing is not waited for: its batches become visible when the commit applies them); a
 * missing journal means a compaction happened elsewhere, and the index is reloaded. A read whose journal or pack
 * was deleted meanwhile retries with the caught-up index. Objects no longer named are removed after the commit that orphaned them, and
 * by {@link #sweep} after a crash.
 *
 * <p>Buckets written before contents stayed in the journal (an object file for every small content too, and
 * checkpoints that name no pack) read unchanged: a content with no location is read from its object file.
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
    private final boolean inlineObjects;
    private final Object replay = new Object();
    private final Map<Path, FileChannel> channels = new ConcurrentHashMap<>();
    private final GroupCommit commits = new GroupCommit();
    private final LongAdder forces = new LongAdder();
    private volatile Runnable beforeForce = () -> {};
    /** Whether a commit of this handle is between its first append and applying its records to the index. */
    private volatile boolean appending;

    private volatile BucketIndex index;

    FileBucket(Path dir, long compactRecords, long compactBytes) {
        this(dir, compactRecords, compactBytes, false);
    }

    /**
     * A bucket handle.
     *
     * @param dir the bucket's folder
     * @param compactRecords journal records between compactions
     * @param compactBytes journal bytes between compactions
     * @param inlineObjects also write an object file for every content carried in a record, and force those
     *     files at compaction instead of packing them: the layout before contents stayed in the journal, kept so
     *     that benchmarks and compatibility tests can produce it
     */
    FileBucket(Path dir, long compactRecords, long compactBytes, boolean inlineObjects) {
        this.dir = dir;
        this.compactRecords = compactRecords;
        this.compactBytes = compactBytes;
        this.inlineObjects = inlineObjects;
    }

    boolean inlineObjects() {
        return inlineObjects;
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

    Path pack(long seq) {
        return dir.resolve("pack." + seq);
    }

    private Path legacyManifest() {
        return dir.resolve("manifest");
    }

    boolean exists() {
        return holdsBucket(dir);
    }

    /** Whether a folder holds a bucket: its {@code bucket.properties} (a bucket folder appears whole, by rename). */
    static boolean holdsBucket(Path dir) {
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
        if (size < i.offset()) {
            // Cut back under this index: a writer elsewhere whose append or force failed removed records this
            // index had replayed (they were complete, but never committed). Read the journal again.
            synchronized (replay) {
                if (index == i) {
                    index = load();
                }
                return index;
            }
        }
        if (size > i.offset()) {
            if (appending) {
                // This handle's own group is being appended and forced, under the writer lock: nothing else is in
                // the tail, and its batches become visible when the commit applies them. Readers do not wait.
                return i;
            }
            synchronized (replay) {
                if (index == i && !replayTail(i)) {
                    index = load();
                }
                return index;
            }
        }
        return i;
    }

    /**
     * Whether the journal still holds the last record the index applied, where the index found it. A writer
     * whose append or force failed cuts the journal back to before its group, and its next group may have been
     * appended in the same place since: an index that replayed the failed group's complete records meanwhile no
     * longer matches the file, and its offset points into the middle of other records.
     */
    private boolean holdsLastRecord(BucketIndex i) throws IOException {
        if (i.lastRecord() == null) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.READ)) {
            return holdsLastRecord(i, ch);
        } catch (NoSuchFileException compacted) {
            return false;
        }
    }

    /** {@link #holdsLastRecord(BucketIndex)} read through a channel on the index's journal already open. */
    private static boolean holdsLastRecord(BucketIndex i, FileChannel ch) throws IOException {
        long[] last = i.lastRecord();
        if (last == null) {
            return true;
        }
        ByteBuffer header = ByteBuffer.allocate(JournalRecord.RECORD_HEADER);
        while (header.hasRemaining()) {
            if (ch.read(header, last[0] + header.position()) < 0) {
                return false;
            }
        }
        return header.getLong(0) == last[1];
    }

    private BucketIndex load() throws IOException {
        for (long c : checkpointSeqs()) {
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.decode(
                        Files.readAllBytes(checkpoint(c)), checkpoint(c).toString());
            } catch (NoSuchFileException deleted) {
                continue; // a compaction elsewhere removed it just now
            }
            BucketIndex i = new BucketIndex(checkpoint.entries(), checkpoint.packed(), c);
            replayTail(i);
            closeChannels(); // those of files a compaction elsewhere replaced
            return i;
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
     * @return {@code false}, replaying nothing, when the journal no longer holds the records the index replayed
     *     before (see {@link #holdsLastRecord}): the index must be loaded again
     */
    private boolean replayTail(BucketIndex i) throws IOException {
        byte[] tail;
        try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= i.offset()) {
                return size == i.offset();
            }
            if (!holdsLastRecord(i, ch)) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - i.offset()));
            while (buf.hasRemaining() && ch.read(buf, i.offset() + buf.position()) >= 0) {
                // read the whole tail
            }
            tail = buf.array();
        } catch (NoSuchFileException noJournalYet) {
            return true;
        }
        JournalRecord.Scan scan =
                JournalRecord.scan(tail, journal(i.checkpointSeq()).toString(), i.offset());
        ByteBuffer headers = ByteBuffer.wrap(tail);
        int at = 0;
        for (int k = 0; k < scan.records().size(); k++) {
            i.apply(scan.records().get(k), scan.lengths().get(k), headers.getLong(at));
            at += scan.lengths().get(k);
        }
        return true;
    }

    /** Converts a legacy {@code manifest} to {@code checkpoint.0} and an empty journal, under the writer lock. */
    private void convertLegacy() throws IOException {
        try (BucketLock.Held lock = BucketLock.acquire(lockFile())) {
            if (!Files.isRegularFile(legacyManifest())) {
                return; // converted meanwhile
            }
            Manifest m = Manifest.decode(
                    Files.readAllBytes(legacyManifest()), legacyManifest().toString());
            AtomicFiles.write(checkpoint(0), tmpDir(), Checkpoint.encode(m.entries(), Map.of()));
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
            if (!holdsLastRecord(i)) {
                // Replaced by records of the same length after a failed commit elsewhere: cutting the journal at
                // this index's offset would cut committed batches.
                index = load();
                i = index;
            }
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
     * Commits one batch; see {@link #commit(BucketIndex, List)}.
     *
     * @return the objects that no file names any more
     */
    List<String> commit(BucketIndex i, JournalRecord record) throws IOException {
        return commit(i, List.of(record));
    }

    /**
     * Commits a group of batches: appends their records back to back, forces the journal once, then applies them
     * to the index in order. Call under the writer lock after {@link #prepareWrite()}. Each record keeps its own
     * length and checksum, so a crash in the middle of the append leaves the batches whose records are complete
     * and cuts at a batch boundary; none of them is acknowledged before the force, and readers of this store see
     * none of them before it. When the append fails, the journal is cut back to its last complete record so that
     * no batch of the group is committed. Readers of this handle do not wait for the force meanwhile: they see the
     * index as it was until the records are applied.
     *
     * @param records the batches, numbered one after the other from the index's next sequence number
     * @return the objects that no file names any more
     */
    List<String> commit(BucketIndex i, List<JournalRecord> records) throws IOException {
        int[] lengths = new int[records.size()];
        long[] headers = new long[records.size()];
        synchronized (replay) {
            long before = i.offset();
            appending = true;
            try {
                try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.WRITE)) {
                    long at = before;
                    for (int k = 0; k < lengths.length; k++) {
                        // One record encoded at a time: a group of large batches never holds two copies of them all.
                        ByteBuffer buf = ByteBuffer.wrap(records.get(k).encode());
                        lengths[k] = buf.remaining();
                        headers[k] = buf.getLong(0);
                        while (buf.hasRemaining()) {
                            at += ch.write(buf, at);
                        }
                    }
                    beforeForce.run();
                    ch.force(false);
                    forces.increment();
                } catch (IOException | RuntimeException failed) {
                    try (FileChannel ch = FileChannel.open(journal(i.checkpointSeq()), StandardOpenOption.WRITE)) {
                        ch.truncate(before);
                    } catch (IOException cleanup) {
                        failed.addSuppressed(cleanup);
                    }
                    throw failed;
                }
                List<String> dropped = new ArrayList<>();
                for (int k = 0; k < lengths.length; k++) {
                    dropped.addAll(i.apply(records.get(k), lengths[k], headers[k]));
                }
                return dropped;
            } finally {
                appending = false;
            }
        }
    }

    /**
     * How many forced writes of a journal this handle has made to commit batches (tests count group commits).
     *
     * @return the count since the handle was made
     */
    long journalForces() {
        return forces.sum();
    }

    /**
     * Runs {@code hook} before each forced write of a commit, after the group's records are written (tests hold a
     * group there to let the next one queue, or fail it there).
     *
     * @param hook what to run, in the leader's thread, under the writer lock
     */
    void beforeForce(Runnable hook) {
        beforeForce = java.util.Objects.requireNonNull(hook, "hook");
    }

    /**
     * The queue through which this store's writers of the bucket commit their batches in groups.
     *
     * @return the queue
     */
    GroupCommit commits() {
        return commits;
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
        compact(i);
        return true;
    }

    /**
     * Writes a checkpoint of the current state and starts an empty journal (layout and crash safety in the class
     * comment); call under the writer lock, after {@link #prepareWrite()}.
     */
    void compact(BucketIndex i) throws IOException {
        long old = i.checkpointSeq();
        long s = i.seq();
        if (s == old) {
            return; // nothing committed since the checkpoint
        }
        Map<String, Location> packed;
        Set<Long> merged;
        if (inlineObjects) {
            forceInlined(i);
            packed = i.inPacks();
            merged = Set.of();
        } else {
            PackPlan plan = PackPlan.of(i, this::packSize);
            packed = new HashMap<>(i.inPacks());
            packed.putAll(writePack(s, plan.moves()));
            merged = plan.merged();
        }
        AtomicFiles.write(checkpoint(s), tmpDir(), i.encodeCheckpoint(packed));
        createJournal(s);
        synchronized (replay) {
            i.rebase(s, packed);
        }
        Files.deleteIfExists(journal(old));
        Files.deleteIfExists(checkpoint(old));
        for (long p : merged) {
            Files.deleteIfExists(pack(p));
        }
        AtomicFiles.syncDirectory(dir);
        closeChannels();
    }

    private long packSize(long seq) {
        try {
            return Files.size(pack(seq));
        } catch (IOException gone) {
            return 0;
        }
    }

    /**
     * Copies contents into {@code pack.{seq}}: written to a temporary file, forced, renamed into place and the
     * folder forced, so the pack is complete before a checkpoint names it.
     *
     * @param moves the contents to copy, in the order to write them, with their current places
     * @return their places in the new pack
     */
    private Map<String, Location> writePack(long seq, Map<String, Location> moves) throws IOException {
        if (moves.isEmpty()) {
            return Map.of();
        }
        Map<String, Location> placed = new HashMap<>();
        Path tmp = tmpDir().resolve("tmp-pack-" + UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long at = 0;
                for (Map.Entry<String, Location> m : moves.entrySet()) {
                    ByteBuffer bytes = ByteBuffer.wrap(readAt(m.getValue()));
                    placed.put(m.getKey(), Location.pack(seq, at, m.getValue().size()));
                    while (bytes.hasRemaining()) {
                        at += out.write(bytes, at);
                    }
                }
                out.force(true);
            }
            AtomicFiles.move(tmp, pack(seq));
        } finally {
            Files.deleteIfExists(tmp);
        }
        AtomicFiles.syncDirectory(dir);
        return placed;
    }

    /**
     * Forces the object files that only the current journal makes durable (written unforced for inline puts in
     * the layout with object files for every content), and their folders, before a compaction deletes that
     * journal.
     */
    private void forceInlined(BucketIndex i) throws IOException {
        Set<Path> folders = new HashSet<>();
        for (String hash : i.inJournal().keySet()) {
            Path file = object(hash);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (NoSuchFileException gone) {
                // lost before it reached the disk: written again from the journal, forced
                Files.createDirectories(file.getParent());
                AtomicFiles.write(file, tmpDir(), readAt(i.location(hash)));
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
     * Reads a file's content from its place: the journal or a pack when it has a location, else its object file.
     * Throws {@link NoSuchFileException} or {@link java.nio.channels.ClosedChannelException} when a concurrent
     * commit or compaction removed that place; the caller then looks the file up again.
     *
     * @param found the file and its content's location
     * @return the content
     */
    byte[] read(BucketIndex.Found found) throws IOException {
        return found.at() == null ? readObject(found.entry().hash()) : readAt(found.at());
    }

    /** Reads a content at its location by a positional read on the file's shared channel. */
    byte[] readAt(Location at) throws IOException {
        Path file = at.pack() ? pack(at.file()) : journal(at.file());
        FileChannel ch = channel(file);
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(at.size()));
        try {
            while (buf.hasRemaining()) {
                if (ch.read(buf, at.offset() + buf.position()) < 0) {
                    throw new java.io.EOFException(
                            file + " ends before " + at.size() + " bytes at offset " + at.offset());
                }
            }
        } catch (java.nio.channels.ClosedChannelException closed) {
            channels.remove(file, ch); // closed by a compaction, or by an interrupted reader: reopened next time
            throw closed;
        }
        return buf.array();
    }

    private FileChannel channel(Path file) throws IOException {
        FileChannel ch = channels.get(file);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        if (ch != null) {
            channels.remove(file, ch);
        }
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        FileChannel raced = channels.putIfAbsent(file, opened);
        if (raced != null) {
            opened.close();
            return raced;
        }
        return opened;
    }

    /** Closes the shared read channels (after a compaction deleted or replaced files); reads reopen them. */
    private void closeChannels() {
        for (Map.Entry<Path, FileChannel> e : channels.entrySet()) {
            if (channels.remove(e.getKey(), e.getValue())) {
                try {
                    e.getValue().close();
                } catch (IOException ignored) {
                    // closing a read channel
                }
            }
        }
    }

    /** Releases the shared read channels. */
    void close() {
        closeChannels();
    }

    /**
     * Stores content that the batch's record carries inline (at most {@link #INLINE_MAX} bytes) under its hash
     * unless already present, by temp file + rename without forcing: the forced record is what makes it durable.
     * Only in the layout with an object file for every content ({@link #inlineObjects()}).
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

    /**
     * Crash recovery, under the lock: removes temporary files, pack files the current checkpoint does not name (a
     * compaction that crashed before its checkpoint, or merged packs not yet deleted) and objects that no file
     * names.
     */
    void sweep(BucketIndex live) throws IOException {
        Set<Long> named = live.checkpointPacks();
        try (DirectoryStream<Path> packs = Files.newDirectoryStream(dir, "pack.*")) {
            for (Path p : packs) {
                try {
                    if (!named.contains(
                            Long.parseLong(p.getFileName().toString().substring("pack.".length())))) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException notOurs) {
                    // ignore
                }
            }
        }
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
