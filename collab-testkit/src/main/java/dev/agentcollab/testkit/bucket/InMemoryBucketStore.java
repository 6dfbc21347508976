package dev.agentcollab.testkit.bucket;

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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link BucketStore} held in memory: the {@code mem:} backend, for tests and demos.
 *
 * <p><b>Emulated faithfully:</b> the whole {@link BucketStore} contract, i.e. buckets that must be created
 * first ({@code BUCKET_NOT_FOUND}, {@code BUCKET_EXISTS}), recursive listings sorted by path with opaque,
 * self-checking page tokens ({@code INVALID_QUERY} for a token it did not issue), atomic batches of puts,
 * deletes and copies (readers and listings never see half a batch; a batch that fails changes nothing),
 * last-write-wins on one path, lowercase hex SHA-256 content hashes and write times from the injected
 * {@link InstantSource}. Stored and returned byte arrays are copied, so callers cannot alter stored content.
 *
 * <p><b>Not emulated:</b> persistence (everything is lost with the JVM), size limits and quotas, Xet
 * deduplication, bucket visibility and ownership (buckets are always private and anyone may write), eventual
 * consistency (this store is strictly consistent), and network failures unless injected.
 *
 * <p><b>Test hooks:</b> {@link #faults()} counts calls per {@link StoreOp} and injects {@link Fault}s (fail the
 * next N calls of a kind with a code, or add latency). Faults run before a call does any work.
 *
 * <p>Thread safe: files live in a {@link ConcurrentSkipListMap} per bucket, and a per-bucket read/write lock
 * makes batches atomic with respect to listings and reads.
 */
public final class InMemoryBucketStore implements BucketStore {
    private final InstantSource clock;
    private final FaultInjector faults = new FaultInjector();
    private final Map<BucketId, Bucket> buckets = new ConcurrentHashMap<>();

    private InMemoryBucketStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates an empty store using the system clock.
     *
     * @return the store
     */
    public static InMemoryBucketStore create() {
        return new InMemoryBucketStore(InstantSource.system());
    }

    /**
     * Creates an empty store.
     *
     * @param clock the source of creation and write times
     * @return the store
     */
    public static InMemoryBucketStore create(InstantSource clock) {
        return new InMemoryBucketStore(clock);
    }

    /**
     * The call counters and fault knobs of this store.
     *
     * @return the injector (live, shared)
     */
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public Optional<BucketInfo> info(BucketId bucket) {
        Objects.requireNonNull(bucket, "bucket");
        faults.before(StoreOp.INFO);
        return Optional.ofNullable(buckets.get(bucket)).map(b -> b.info);
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        Objects.requireNonNull(bucket, "bucket");
        faults.before(StoreOp.CREATE);
        Bucket fresh = new Bucket(new BucketInfo(bucket, clock.instant(), true));
        Bucket existing = buckets.putIfAbsent(bucket, fresh);
        if (existing == null) {
            return fresh.info;
        }
        if (existOk) {
            return existing.info;
        }
        throw CollabException.of(ErrorCode.BUCKET_EXISTS, "bucket already exists: " + bucket);
    }

    @Override
    public BucketListing list(BucketId bucket, ListRequest request) {
        Objects.requireNonNull(request, "request");
        faults.before(StoreOp.LIST);
        Bucket b = bucket(bucket);
        String prefix = request.prefix();
        String after =
                request.pageToken().map(t -> PageTokens.decode(prefix, t)).orElse(null);
        b.lock.readLock().lock();
        try {
            NavigableMap<String, Blob> tail =
                    after == null ? b.files.tailMap(prefix, true) : b.files.tailMap(after, false);
            List<BucketEntry> page = new ArrayList<>();
            boolean more = false;
            for (Map.Entry<String, Blob> e : tail.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                if (page.size() == request.pageSize()) {
                    more = true;
                    break;
                }
                page.add(e.getValue().entry(e.getKey()));
            }
            Optional<String> next = more
                    ? Optional.of(
                            PageTokens.encode(prefix, page.getLast().path().value()))
                    : Optional.empty();
            return new BucketListing(page, next);
        } finally {
            b.lock.readLock().unlock();
        }
    }

    @Override
    public Optional<byte[]> read(BucketId bucket, BucketPath path) {
        Objects.requireNonNull(path, "path");
        faults.before(StoreOp.READ);
        Bucket b = bucket(bucket);
        Blob blob = b.files.get(path.value());
        return blob == null ? Optional.empty() : Optional.of(blob.bytes.clone());
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        Objects.requireNonNull(ops, "ops");
        List<BatchOp> batch = List.copyOf(ops);
        faults.before(StoreOp.APPLY);
        Bucket target = bucket(bucket);
        // Copies from other buckets are resolved before the target lock is taken (no nested locks, no deadlock);
        // copies inside the same bucket read the committed state under the write lock. Either way a copy sees
        // the state before the batch, and a missing source fails the whole batch before anything changes.
        Map<Integer, Blob> foreign = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof BatchOp.Copy c && !c.source().equals(bucket)) {
                foreign.put(i, copySource(bucket(c.source()), c));
            }
        }
        Instant now = clock.instant();
        // A put's copy and hash depend on nothing in the bucket: made before the lock, so that concurrent writers
        // do not queue behind one another's hashing.
        Map<Integer, Blob> puts = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof BatchOp.Put p) {
                puts.put(i, Blob.of(p.bytes().clone(), now));
            }
        }
        target.lock.writeLock().lock();
        try {
            Map<String, Optional<Blob>> staged = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                switch (batch.get(i)) {
                    case BatchOp.Put p -> staged.put(p.path().value(), Optional.of(puts.get(i)));
                    case BatchOp.Delete d -> staged.put(d.path().value(), Optional.empty());
                    case BatchOp.Copy c -> {
                        Blob src = foreign.containsKey(i) ? foreign.get(i) : copySource(target, c);
                        staged.put(c.path().value(), Optional.of(new Blob(src.bytes, src.hash, now)));
                    }
                }
            }
            staged.forEach((path, blob) ->
                    blob.ifPresentOrElse(v -> target.files.put(path, v), () -> target.files.remove(path)));
            target.revision.incrementAndGet();
        } finally {
            target.lock.writeLock().unlock();
        }
    }

    /** One more for every batch applied, under the batch's write lock. */
    @Override
    public OptionalLong revision(BucketId bucket) {
        return OptionalLong.of(bucket(bucket).revision.get());
    }

    @Override
    public String scheme() {
        return "mem";
    }

    private Bucket bucket(BucketId bucket) {
        Objects.requireNonNull(bucket, "bucket");
        Bucket b = buckets.get(bucket);
        if (b == null) {
            throw CollabException.of(
                    ErrorCode.BUCKET_NOT_FOUND,
                    "bucket not found: " + bucket,
                    "create it first with create(" + bucket + ", true)");
        }
        return b;
    }

    private static Blob copySource(Bucket source, BatchOp.Copy c) {
        Blob blob = source.files.get(c.sourcePath().value());
        if (blob == null) {
            throw CollabException.notFound(c.source() + "/" + c.sourcePath());
        }
        return blob;
    }

    private static final class Bucket {
        final BucketInfo info;
        final ConcurrentSkipListMap<String, Blob> files = new ConcurrentSkipListMap<>();
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        final AtomicLong revision = new AtomicLong();

        Bucket(BucketInfo info) {
            this.info = info;
        }
    }

    private record Blob(byte[] bytes, String hash, Instant modified) {
        static Blob of(byte[] bytes, Instant modified) {
            return new Blob(bytes, ContentHashes.sha256(bytes), modified);
        }

        BucketEntry entry(String path) {
            return new BucketEntry(BucketPath.of(path), bytes.length, hash, modified);
        }
    }
}
