package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import dev.agentcollab.api.bucket.spi.PageTokens;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BucketStore} in a local folder: the {@code file:} backend and the embedded default.
 *
 * <p>Each bucket is a folder holding a checkpoint, an append-only journal of batches, pack files of small contents
 * and content-addressed objects of large ones (layout in {@link FileBucket}). Guarantees: a batch commits by
 * appending one checksummed, forced record to the journal, which carries the bytes of small contents (they are
 * read from the journal until a compaction packs them; large ones are forced to object files with their folder
 * before the record), so after a crash — even {@code kill -9} or a power loss in the middle of a batch — readers
 * see all of it or none of it; files are written to a temporary file and renamed atomically, so a killed writer
 * never leaves a torn one; writers
 * in any number of threads and processes are serialised per bucket by a lock file, so concurrent writers lose
 * nothing. Concurrent writers of one store share forced writes (group commit): while one group of batches is
 * being appended and forced, the batches that arrive queue, and the next group appends all their records and
 * forces the journal once; each batch keeps its own record, is all or nothing on its own, fails alone (a copy
 * whose source is missing fails its batch only) and returns only after the forced write that covers it.
 * Leftovers of a crash (temporary files, unreferenced objects) are swept when a store first touches the bucket.
 * Equal contents are stored once per bucket.
 *
 * <p>Costs: a write is O(batch), whatever the bucket holds (the journal is compacted into a new checkpoint every
 * 50,000 records or 64 MiB, amortised O(1) per write; a small put creates no file); a listing page is
 * O(page + log n) from an in-memory index that each store loads once per bucket and then catches up by replaying
 * only the journal's new tail. The index holds one entry per file (path, hash, size, time) and the place of each
 * small content, not the contents. Readers never block on writers' I/O,
 * writers of one bucket take turns by groups.
 * Reads of a file being replaced retry once per concurrent commit. File paths live only in the manifest, so
 * they are case-sensitive everywhere; bucket ids become folder names, so on a case-insensitive file system two ids
 * that differ only by case name the same bucket. Thread safe.
 */
public final class FileSystemBucketStore implements BucketStore {
    private static final int READ_ATTEMPTS = 16;

    private final Path root;
    private final InstantSource clock;
    private final Map<BucketId, FileBucket> buckets = new ConcurrentHashMap<>();
    private final Set<Path> swept = ConcurrentHashMap.newKeySet();
    private final long compactRecords;
    private final long compactBytes;
    private final int inlineMax;
    private final boolean inlineObjects;

    private FileSystemBucketStore(
            Path root, InstantSource clock, long compactRecords, long compactBytes, int inlineMax) {
        this(root, clock, compactRecords, compactBytes, inlineMax, false);
    }

    private FileSystemBucketStore(
            Path root,
            InstantSource clock,
            long compactRecords,
            long compactBytes,
            int inlineMax,
            boolean inlineObjects) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.compactRecords = compactRecords;
        this.compactBytes = compactBytes;
        this.inlineMax = inlineMax;
        this.inlineObjects = inlineObjects;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw io("cannot create store folder " + this.root, e);
        }
    }

    /**
     * Opens (creating if needed) a store in a folder, using the system clock.
     *
     * @param root the folder
     * @return the store
     */
    public static FileSystemBucketStore open(Path root) {
        return new FileSystemBucketStore(
                root,
                InstantSource.system(),
                FileBucket.DEFAULT_COMPACT_RECORDS,
                FileBucket.DEFAULT_COMPACT_BYTES,
                FileBucket.INLINE_MAX);
    }

    /**
     * Opens (creating if needed) a store in a folder.
     *
     * @param root the folder
     * @param clock the source of creation and write times
     * @return the store
     */
    public static FileSystemBucketStore open(Path root, InstantSource clock) {
        return new FileSystemBucketStore(
                root,
                clock,
                FileBucket.DEFAULT_COMPACT_RECORDS,
                FileBucket.DEFAULT_COMPACT_BYTES,
                FileBucket.INLINE_MAX);
    }

    /**
     * Opens a store that compacts its journals after {@code compactRecords} records (tests and benchmarks).
     *
     * @param root the folder
     * @param clock the source of creation and write times
     * @param compactRecords journal records between checkpoints, at least 1
     * @return the store
     */
    static FileSystemBucketStore open(Path root, InstantSource clock, long compactRecords) {
        if (compactRecords < 1) {
            throw new IllegalArgumentException("compactRecords must be >= 1, but was " + compactRecords);
        }
        return new FileSystemBucketStore(
                root, clock, compactRecords, FileBucket.DEFAULT_COMPACT_BYTES, FileBucket.INLINE_MAX);
    }

    /**
     * Opens a store that carries contents of at most {@code inlineMax} bytes in its journal records; 0 forces
     * every object file on its own, as stores did before contents were carried (benchmarks compare the two).
     *
     * @param root the folder
     * @param inlineMax the largest content carried in a record, 0 to carry none
     * @return the store
     */
    static FileSystemBucketStore open(Path root, int inlineMax) {
        if (inlineMax < 0 || inlineMax > FileBucket.INLINE_MAX) {
            throw new IllegalArgumentException(
                    "inlineMax must be in [0, " + FileBucket.INLINE_MAX + "], but was " + inlineMax);
        }
        return new FileSystemBucketStore(
                root,
                InstantSource.system(),
                FileBucket.DEFAULT_COMPACT_RECORDS,
                FileBucket.DEFAULT_COMPACT_BYTES,
                inlineMax);
    }

    /**
     * Opens a store in the layout buckets had before small contents stayed in the journal: every content carried
     * in a record is also written to an object file (unforced), and a compaction forces those files instead of
     * packing them. Benchmarks compare it with the default; compatibility tests write buckets with it.
     *
     * @param root the folder
     * @param compactRecords journal records between checkpoints, at least 1
     * @return the store
     */
    static FileSystemBucketStore openWithInlineObjects(Path root, long compactRecords) {
        if (compactRecords < 1) {
            throw new IllegalArgumentException("compactRecords must be >= 1, but was " + compactRecords);
        }
        return new FileSystemBucketStore(
                root,
                InstantSource.system(),
                compactRecords,
                FileBucket.DEFAULT_COMPACT_BYTES,
                FileBucket.INLINE_MAX,
                true);
    }

    /**
     * Compacts a bucket's journal now, whatever its size (tests and benchmarks).
     *
     * @param bucket the bucket
     */
    void compact(BucketId bucket) {
        FileBucket target = existing(bucket);
        try (BucketLock.Held lock = BucketLock.acquire(target.lockFile())) {
            BucketIndex index = target.prepareWrite();
            sweepOnce(target, index);
            target.compact(index);
        } catch (IOException e) {
            throw io("cannot compact bucket " + bucket, e);
        }
    }

    /** Releases the read channels of the journals and pack files this store has open. */
    @Override
    public void close() {
        buckets.values().forEach(FileBucket::close);
    }

    /**
     * The store's folder.
     *
     * @return the absolute root folder
     */
    public Path root() {
        return root;
    }

    /**
     * A file beside a bucket's folder, {@code {root}/{org}/.{bucket}.{suffix}}, that this store never reads, writes
     * or deletes: where a process keeps something about the bucket that is not in it, such as the lock of the
     * bucket's only writer. Bucket names start with a letter or digit, so the name never collides with a bucket,
     * and the file may exist before the bucket does.
     *
     * @param bucket the bucket
     * @param suffix the file's own part of the name: letters, digits, {@code -} and {@code .}
     * @return the absolute path (not created)
     * @throws IllegalArgumentException for a suffix outside those characters
     */
    public Path besideBucket(BucketId bucket, String suffix) {
        Objects.requireNonNull(bucket, "bucket");
        if (!suffix.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("bad suffix: " + suffix);
        }
        return root.resolve(bucket.org()).resolve("." + bucket.name() + "." + suffix);
    }

    @Override
    public Optional<BucketInfo> info(BucketId bucket) {
        Optional<FileBucket> present = present(bucket);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        FileBucket b = present.get();
        try {
            return Optional.of(BucketMeta.read(b.dir, bucket));
        } catch (IOException e) {
            throw io("cannot read bucket " + bucket, e);
        }
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        FileBucket b = handle(bucket);
        try {
            if (BucketMeta.create(b.dir, bucket, clock.instant())) {
                return BucketMeta.read(b.dir, bucket);
            }
        } catch (IOException e) {
            throw io("cannot create bucket " + bucket, e);
        }
        if (existOk) {
            return info(bucket).orElseThrow();
        }
        throw CollabException.of(ErrorCode.BUCKET_EXISTS, "bucket already exists: " + bucket);
    }

    @Override
    public BucketListing list(BucketId bucket, ListRequest request) {
        Objects.requireNonNull(request, "request");
        String prefix = request.prefix();
        String after =
                request.pageToken().map(t -> PageTokens.decode(prefix, t)).orElse(null);
        List<BucketEntry> page = index(existing(bucket), bucket).page(prefix, after, request.pageSize());
        boolean more = page.size() > request.pageSize();
        if (more) {
            page = page.subList(0, request.pageSize());
        }
        Optional<String> next = more
                ? Optional.of(PageTokens.encode(prefix, page.getLast().path().value()))
                : Optional.empty();
        return new BucketListing(List.copyOf(page), next);
    }

    @Override
    public Optional<byte[]> read(BucketId bucket, BucketPath path) {
        Objects.requireNonNull(path, "path");
        FileBucket b = existing(bucket);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            BucketIndex.Found found = index(b, bucket).find(path.value());
            if (found == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(b.read(found));
            } catch (NoSuchFileException | ClosedChannelException raced) {
                // A concurrent commit replaced the file and removed its old object, or a compaction moved its
                // content out of the journal or pack it was in: look again.
                if (raced instanceof ClosedByInterruptException) {
                    throw io("interrupted while reading " + bucket + "/" + path, raced);
                }
            } catch (IOException e) {
                throw io("cannot read " + bucket + "/" + path, e);
            }
        }
        throw CollabException.of(
                ErrorCode.UNAVAILABLE, "file " + bucket + "/" + path + " kept changing while being read; retry");
    }

    /**
     * The sequence number of the bucket's last committed batch, after catching up with the journal (one size check
     * of the journal file): each batch is one journal record with the next number, whoever wrote it, and a
     * compaction keeps the number.
     */
    @Override
    public OptionalLong revision(BucketId bucket) {
        FileBucket b = existing(bucket);
        return OptionalLong.of(index(b, bucket).seq());
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        List<BatchOp> batch = List.copyOf(ops);
        FileBucket target = existing(bucket);
        target.commits().submit(batch, group -> commitGroup(bucket, target, group));
    }

    /**
     * Commits a group of queued batches under the writer lock: builds each batch's record in queue order, against
     * the index and the batches before it in the group (a batch that fails there, e.g. a copy whose source is
     * missing, fails alone), appends every record and forces the journal once, then acknowledges them; then
     * deletes the objects nothing names any more and compacts when due.
     */
    private void commitGroup(BucketId bucket, FileBucket target, List<GroupCommit.Ticket> group) {
        try (BucketLock.Held lock = BucketLock.acquire(target.lockFile())) {
            BucketIndex index = target.prepareWrite();
            sweepOnce(target, index);
            GroupView view = new GroupView(index);
            // Candidates for deletion: the objects the group's batches may have written (a failed batch's, and a
            // put that a later op replaced or deleted, are named by no file), and what the group orphaned.
            Set<String> candidates = new HashSet<>();
            List<JournalRecord> records = new ArrayList<>(group.size());
            List<GroupCommit.Ticket> built = new ArrayList<>(group.size());
            for (GroupCommit.Ticket t : group) {
                try {
                    JournalRecord record = record(target, view, t.batch(), candidates);
                    view.add(record);
                    records.add(record);
                    built.add(t);
                } catch (IOException e) {
                    t.fail(io("cannot write bucket " + bucket, e));
                } catch (RuntimeException e) {
                    t.fail(e);
                }
            }
            try {
                if (!records.isEmpty()) {
                    candidates.addAll(target.commit(index, records));
                }
            } catch (IOException | RuntimeException failed) {
                // Nothing of the group was committed: remove the objects it wrote that no file names, so the failed
                // batches leave no trace.
                for (GroupCommit.Ticket t : built) {
                    t.fail(
                            failed instanceof IOException e
                                    ? io("cannot write bucket " + bucket, e)
                                    : new CollabException(
                                            ErrorCode.UNAVAILABLE,
                                            "cannot write bucket " + bucket + ": " + failed,
                                            null,
                                            null,
                                            failed));
                }
                target.deleteUnreferenced(candidates, index);
                return;
            }
            built.forEach(GroupCommit.Ticket::succeed);
            target.deleteUnreferenced(candidates, index);
            target.compactIfDue(index);
        } catch (IOException e) {
            throw io("cannot write bucket " + bucket, e);
        }
    }

    /**
     * Builds a batch's record against the view, numbered as its next batch.
     *
     * @param written collects the objects whose files the batch may have written
     */
    private JournalRecord record(FileBucket target, GroupView view, List<BatchOp> batch, Set<String> written)
            throws IOException {
        List<JournalRecord.Op> record = new ArrayList<>(batch.size());
        long now = clock.millis();
        for (BatchOp op : batch) {
            switch (op) {
                case BatchOp.Put p -> record.add(put(target, view, p.path().value(), p.bytes()));
                case BatchOp.Delete d ->
                    record.add(new JournalRecord.Delete(d.path().value()));
                case BatchOp.Copy c -> record.add(copy(target, view, c));
            }
            if (record.getLast() instanceof JournalRecord.Put put && (!put.inline() || target.inlineObjects())) {
                written.add(put.hash()); // an object file this batch may have written
            }
        }
        return new JournalRecord(view.nextSeq(), now, record);
    }

    @Override
    public String scheme() {
        return "file";
    }

    /**
     * A put of new content: carried in the record when small (named by hash only when some file already holds the
     * same content), else forced to its object file first.
     */
    private JournalRecord.Put put(FileBucket target, GroupView index, String path, byte[] bytes) throws IOException {
        if (bytes.length <= inlineMax && inlineMax > 0) {
            String hash = ContentHashes.sha256(bytes);
            if (index.referenced(hash)) {
                return new JournalRecord.Put(path, hash, bytes.length); // stored once already
            }
            if (target.inlineObjects()) {
                target.writeInlineObject(bytes);
            }
            return new JournalRecord.Put(path, hash, bytes.length, bytes);
        }
        return new JournalRecord.Put(path, target.writeObject(bytes), bytes.length);
    }

    private JournalRecord.Put copy(FileBucket target, GroupView index, BatchOp.Copy c) throws IOException {
        boolean sameBucket = target.dir.equals(handle(c.source()).dir);
        if (sameBucket) {
            Manifest.Entry src = index.get(c.sourcePath().value());
            if (src == null) {
                throw CollabException.notFound(c.source() + "/" + c.sourcePath());
            }
            return new JournalRecord.Put(c.path().value(), src.hash(), src.size());
        }
        // Another bucket: copy the bytes, and name what was actually read (the source may be replaced meanwhile).
        byte[] bytes = read(c.source(), c.sourcePath())
                .orElseThrow(() -> CollabException.notFound(c.source() + "/" + c.sourcePath()));
        return put(target, index, c.path().value(), bytes);
    }

    /** Crash recovery runs once per bucket and store, under the writer lock, before the first write. */
    private void sweepOnce(FileBucket b, BucketIndex index) throws IOException {
        if (swept.add(b.dir)) {
            b.sweep(index);
        }
    }

    private FileBucket handle(BucketId bucket) {
        Objects.requireNonNull(bucket, "bucket");
        return buckets.computeIfAbsent(
                bucket, id -> new FileBucket(dir(id), compactRecords, compactBytes, inlineObjects));
    }

    /** A bucket's folder: {@code <root>/<org>/<name>}. */
    private Path dir(BucketId bucket) {
        return root.resolve(bucket.org()).resolve(bucket.name());
    }

    /**
     * The handle of an existing bucket (tests reach its group commit and its count of forced writes).
     *
     * @param bucket the bucket
     * @return its handle in this store
     */
    FileBucket bucket(BucketId bucket) {
        return existing(bucket);
    }

    private FileBucket existing(BucketId bucket) {
        return present(bucket)
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.BUCKET_NOT_FOUND,
                        "bucket not found: " + bucket,
                        "create it first with create(" + bucket + ", true)"));
    }

    /**
     * The handle of a bucket that exists. No handle is kept for a name that names no bucket: the server looks up
     * names that callers choose (an agent id at registration), and a handle per made-up name would stay for good.
     */
    private Optional<FileBucket> present(BucketId bucket) {
        FileBucket b = buckets.get(Objects.requireNonNull(bucket, "bucket"));
        if (b == null && FileBucket.holdsBucket(dir(bucket))) {
            b = handle(bucket);
        }
        return b != null && b.exists() ? Optional.of(b) : Optional.empty();
    }

    /** How many bucket handles this store keeps (tests). */
    int handles() {
        return buckets.size();
    }

    private static BucketIndex index(FileBucket b, BucketId bucket) {
        try {
            return b.index();
        } catch (IOException e) {
            throw io("cannot read the journal of " + bucket, e);
        }
    }

    private static CollabException io(String message, IOException e) {
        return new CollabException(ErrorCode.UNAVAILABLE, message + ": " + e, null, null, e);
    }
}
