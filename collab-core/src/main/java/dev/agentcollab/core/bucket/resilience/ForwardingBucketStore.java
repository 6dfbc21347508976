package dev.agentcollab.core.bucket.resilience;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link BucketStore} that forwards every call to a delegate: the base of decorators, which override the calls
 * they change. The convenience methods ({@code listAll}, {@code put}, {@code readString}...) are not forwarded but
 * run through the overridable ones, so a decorator sees every call. Thread safe when the delegate is.
 */
public abstract class ForwardingBucketStore implements BucketStore {
    private final BucketStore delegate;

    /**
     * Wraps a store.
     *
     * @param delegate the store to forward to
     */
    protected ForwardingBucketStore(BucketStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The wrapped store.
     *
     * @return the delegate
     */
    protected BucketStore delegate() {
        return delegate;
    }

    /**
     * The store under every forwarding decorator around it: what to ask about where the buckets really live (a
     * {@code file:} folder's lock files sit beside its buckets, whatever decorates it).
     *
     * @param store a store, decorated or not
     * @return the innermost store ({@code store} itself when it is no forwarding decorator)
     */
    public static BucketStore innermost(BucketStore store) {
        BucketStore s = Objects.requireNonNull(store, "store");
        while (s instanceof ForwardingBucketStore f) {
            s = f.delegate;
        }
        return s;
    }

    /**
     * The first store of a type among a store and the stores it forwards to, outermost first.
     *
     * @param store a store, decorated or not
     * @param type the type looked for
     * @param <T> that type
     * @return the first such store, or empty when the chain has none
     */
    public static <T extends BucketStore> Optional<T> find(BucketStore store, Class<T> type) {
        Objects.requireNonNull(type, "type");
        for (BucketStore s = Objects.requireNonNull(store, "store"); ; s = ((ForwardingBucketStore) s).delegate) {
            if (type.isInstance(s)) {
                return Optional.of(type.cast(s));
            }
            if (!(s instanceof ForwardingBucketStore)) {
                return Optional.empty();
            }
        }
    }

    @Override
    public Optional<BucketInfo> info(BucketId bucket) {
        return delegate.info(bucket);
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        return delegate.create(bucket, existOk);
    }

    @Override
    public BucketListing list(BucketId bucket, ListRequest request) {
        return delegate.list(bucket, request);
    }

    @Override
    public Optional<byte[]> read(BucketId bucket, BucketPath path) {
        return delegate.read(bucket, path);
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        delegate.apply(bucket, ops);
    }

    @Override
    public OptionalLong revision(BucketId bucket) {
        return delegate.revision(bucket);
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
