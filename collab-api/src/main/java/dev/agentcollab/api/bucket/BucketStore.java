package dev.agentcollab.api.bucket;

import dev.agentcollab.api.error.CollabException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A store of buckets: named, flat collections of files addressed by {@link BucketPath}. Implementations exist
 * for {@code mem:} (in memory, collab-testkit), {@code file:} (a local folder, the embedded default) and
 * {@code hf:} (Hugging Face Hub buckets); obtain one with {@link BucketStores#open(java.net.URI)}.
 *
 * <p>Contract, checked for every backend by the contract suite in collab-testkit:
 *
 * <ul>
 *   <li>Listings are recursive, ascending by path, and paginated; a page token is opaque.
 *   <li>{@link #apply(BucketId, List)} reads every copy's source as it was before the batch, and is atomic on
 *       {@code mem:} and {@code file:}: after it returns every
 *       operation is visible; when it throws, none is. The Hugging Face Hub's batch is not transactional, so
 *       {@code hf:} cannot promise that: it checks and uploads everything it can before the Hub changes anything,
 *       and when the Hub then applies only part of a batch it throws {@link PartialBatchException}, which names the
 *       applied, failed and pending paths. Readers never see a torn file. Concurrent batches on different paths
 *       lose nothing; on the same path the last one wins.
 *   <li>Operations on a missing bucket throw {@link CollabException} with code {@code BUCKET_NOT_FOUND}; reads of
 *       a missing file return {@link Optional#empty()}.
 *   <li>Transient failures throw a {@link CollabException} whose {@link CollabException#retryable()} is
 *       {@code true}; resilience (retry, circuit breaking) is added by decorators, never inside a backend.
 * </ul>
 *
 * <p>Implementations MUST be thread safe.
 */
public interface BucketStore extends AutoCloseable {

    /**
     * Describes a bucket.
     *
     * @param bucket the bucket
     * @return its info, or empty when it does not exist
     */
    Optional<BucketInfo> info(BucketId bucket);

    /**
     * Whether a bucket exists.
     *
     * @param bucket the bucket
     * @return {@code true} when {@link #info(BucketId)} finds it
     */
    default boolean exists(BucketId bucket) {
        return info(bucket).isPresent();
    }

    /**
     * Creates a bucket.
     *
     * @param bucket the bucket to create
     * @param existOk when {@code true}, an existing bucket is returned unchanged instead of failing
     * @return the bucket's info
     * @throws CollabException {@code BUCKET_EXISTS} when it exists and {@code existOk} is false
     */
    BucketInfo create(BucketId bucket, boolean existOk);

    /**
     * Lists one page of files under a prefix.
     *
     * @param bucket the bucket
     * @param request prefix, page token and page size
     * @return the page
     * @throws CollabException {@code BUCKET_NOT_FOUND}, or {@code INVALID_QUERY} for a page token this store did
     *     not issue
     */
    BucketListing list(BucketId bucket, ListRequest request);

    /**
     * Lists every file under a prefix, following page tokens.
     *
     * @param bucket the bucket
     * @param prefix the prefix ({@code ""} for all)
     * @return all entries, ascending by path
     */
    default List<BucketEntry> listAll(BucketId bucket, String prefix) {
        List<BucketEntry> all = new ArrayList<>();
        ListRequest request = ListRequest.under(prefix);
        while (true) {
            BucketListing page = list(bucket, request);
            all.addAll(page.entries());
            if (page.nextPageToken().isEmpty()) {
                return all;
            }
            request = request.next(page.nextPageToken().get());
        }
    }

    /**
     * Whether any file lies under a prefix, asking for pages of one entry (a folder's emptiness without listing it).
     *
     * @param bucket the bucket
     * @param prefix the prefix, e.g. {@code submissions/v1/}
     * @return true when at least one file's path starts with it
     * @throws CollabException {@code BUCKET_NOT_FOUND}
     */
    default boolean hasAny(BucketId bucket, String prefix) {
        ListRequest request = new ListRequest(prefix, Optional.empty(), 1);
        while (true) {
            BucketListing page = list(bucket, request);
            if (!page.entries().isEmpty()) {
                return true;
            }
            if (page.nextPageToken().isEmpty()) {
                return false;
            }
            request = request.next(page.nextPageToken().get());
        }
    }

    /**
     * Reads a whole file.
     *
     * @param bucket the bucket
     * @param path the file
     * @return its bytes, or empty when the file does not exist
     * @throws CollabException {@code BUCKET_NOT_FOUND} when the bucket does not exist
     */
    Optional<byte[]> read(BucketId bucket, BucketPath path);

    /**
     * Reads a whole file as UTF-8 text.
     *
     * @param bucket the bucket
     * @param path the file
     * @return its text, or empty when the file does not exist
     */
    default Optional<String> readString(BucketId bucket, BucketPath path) {
        return read(bucket, path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Applies puts, deletes and copies atomically (see the class contract).
     *
     * @param bucket the bucket to change
     * <p>Puts and deletes take effect in order: a later operation on the same path wins. A copy reads its source
     * as it was before the batch, not as earlier operations of the batch leave it: {@code [Put a, Copy a -> b]}
     * copies the old {@code a} (and fails with {@code NOT_FOUND} when {@code a} did not exist before), and
     * {@code [Delete a, Copy a -> b]} still copies the old {@code a}. To copy what a batch writes, put the same
     * bytes at the destination instead.
     *
     * @param ops the operations; puts, deletes and copy destinations in order (a later operation on the same path
     *     wins), copy sources as of before the batch
     * @throws CollabException {@code BUCKET_NOT_FOUND}; {@code NOT_FOUND} when a copy's source is missing before
     *     the batch
     */
    void apply(BucketId bucket, List<? extends BatchOp> ops);

    /**
     * Writes one file.
     *
     * @param bucket the bucket
     * @param path the file
     * @param bytes the content
     */
    default void put(BucketId bucket, BucketPath path, byte[] bytes) {
        apply(bucket, List.of(new BatchOp.Put(path, bytes)));
    }

    /**
     * Deletes one file; a missing file is not an error.
     *
     * @param bucket the bucket
     * @param path the file
     */
    default void delete(BucketId bucket, BucketPath path) {
        apply(bucket, List.of(new BatchOp.Delete(path)));
    }

    /**
     * A number that tells, without listing, whether a bucket's files changed: read at two instants, it differs
     * exactly when something changed the bucket in between. A caller that keeps a listing and knows which writes it
     * made itself can then tell whether anyone else wrote (the service's read model does, so that a listing past its
     * TTL is not listed again when only its own writes, which it already holds, changed the bucket).
     *
     * <p>Contract for a store that answers: reading it costs O(1), not a listing; each {@link #apply} on this store
     * object that returns normally advances it by exactly one (also a batch that changes nothing); an {@code apply}
     * that throws advances it by at most one; every other change of the bucket's files that this store can see
     * (another store object's or another process's writes) advances it by at least one before this store's next
     * listing or read shows the change; it never goes back while this store is open.
     *
     * @param bucket the bucket
     * @return the revision, or empty when this store cannot tell cheaply (the default; callers then list)
     * @throws CollabException {@code BUCKET_NOT_FOUND}
     */
    default OptionalLong revision(BucketId bucket) {
        return OptionalLong.empty();
    }

    /**
     * The URI scheme this store serves ({@code mem}, {@code file}, {@code hf}).
     *
     * @return the scheme
     */
    String scheme();

    /** Releases resources (threads, connections). Idempotent; the default does nothing. */
    @Override
    default void close() {}
}
