package dev.agentcollab.core.service.board;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Unfiltered inbox pages, computed once per owner, query and state of the two folders an inbox reads (the owner's
 * {@code inbox/<handle>/} and {@code broadcasts/}), so that an agent polling an unchanged inbox gets the same
 * {@link Page} instance back without another walk of the views or another parse of its records. The state is the
 * pair of {@link ReadModel#version} numbers, read <em>before</em> the page is computed: a write bumps the version
 * of each view it touched before the write returns, so a page computed before the write is never served to a read
 * that starts after it, and a page computed from the written state under the old numbers is only recomputed once
 * more. Bounded by the estimated size of the pages it holds ({@link #MAX_BYTES}). Thread safe.
 */
final class InboxPages {
    /** The most the cached pages may weigh, estimated from their records' bodies and frontmatter. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final int RECORD_OVERHEAD_BYTES = 512;

    private final Cache<Key, Cached> pages = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key k, Cached c) -> c.weight())
            .build();

    private record Key(String handle, ListQuery query, ListEngine.Spec spec) {}

    private record Cached(long inboxVersion, long broadcastsVersion, Page<MessageRecord> page) {
        int weight() {
            long w = RECORD_OVERHEAD_BYTES;
            for (MessageRecord r : page.items()) {
                w += RECORD_OVERHEAD_BYTES
                        + 2L * (r.body().length() + r.filename().length());
            }
            return (int) Math.min(Integer.MAX_VALUE, w);
        }
    }

    /**
     * The cache kept with a read model.
     *
     * @param reads the service's read model
     * @return its inbox page cache
     */
    static InboxPages of(ReadModel reads) {
        return reads.extension(InboxPages.class, r -> new InboxPages());
    }

    /**
     * An unfiltered page of a registered owner's inbox: the cached one while neither folder changed, else a new one.
     *
     * @param reads the read model
     * @param handle the normalised owner
     * @param query an unfiltered query ({@link RecordPages#unfiltered})
     * @param spec the listing's spec
     * @param compute computes the page from the current state; empty when a folder has subfolders
     * @return the page, or empty when a folder has subfolders (then the general path answers)
     */
    Optional<Page<MessageRecord>> page(
            ReadModel reads,
            String handle,
            ListQuery query,
            ListEngine.Spec spec,
            Supplier<Optional<Page<MessageRecord>>> compute) {
        String inbox = Folders.inbox(handle);
        long inboxVersion = reads.version(inbox);
        long broadcastsVersion = reads.version(Folders.BROADCASTS);
        Key key = new Key(handle, query, spec);
        Cached hit = pages.getIfPresent(key);
        if (hit != null && hit.inboxVersion() == inboxVersion && hit.broadcastsVersion() == broadcastsVersion) {
            return Optional.of(hit.page());
        }
        Optional<Page<MessageRecord>> page = compute.get();
        page.ifPresent(p -> pages.put(key, new Cached(inboxVersion, broadcastsVersion, p)));
        return page;
    }
}
