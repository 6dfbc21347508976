package dev.agentcollab.core.service.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;

/**
 * A cache of file content and its parsed form, keyed by {@code path@hash} and bounded by the heap its entries
 * retain (Caffeine's size-based eviction, so reads do not contend on one lock). An entry weighs its key, its raw
 * bytes and, once parsed, its document ({@link HeapSize}: Java strings, frontmatter maps, object headers), plus
 * {@value #ENTRY_OVERHEAD} bytes for the cache's own node; a document parsed after the entry was cached re-weighs
 * it, so the bound holds for what is parsed as well as for what is read raw. Entries are immutable; a key always
 * names the same bytes, so a racing double load is harmless. Thread safe.
 */
final class ContentCache {
    /** The bytes the cache spends per entry besides key and value: its node and hash table slot. */
    static final int ENTRY_OVERHEAD = 128;

    private final Cache<String, Item> items;

    /** One cached file; the document is parsed on first use, and the entry then weighs it too. */
    final class Item {
        final byte[] content;
        private final String key;
        private volatile Document doc;

        private Item(String key, byte[] content) {
            this.key = key;
            this.content = content;
        }

        Document doc() {
            Document d = doc;
            if (d == null) {
                d = FrontmatterCodec.parseLenient(new String(content, StandardCharsets.UTF_8));
                doc = d;
                items.asMap().replace(key, this, this); // re-weighed with its document, unless evicted meanwhile
            }
            return d;
        }

        /** What this entry retains now, in bytes. */
        long weight() {
            Document d = doc;
            return ENTRY_OVERHEAD
                    + HeapSize.string(key)
                    + HeapSize.object(3, 0)
                    + HeapSize.bytes(content.length)
                    + (d == null ? 0 : HeapSize.document(d));
        }
    }

    /**
     * Creates the cache.
     *
     * @param maxBytes the bound on the heap its entries retain, estimated
     */
    ContentCache(long maxBytes) {
        this.items = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Item item) -> (int) Math.min(Integer.MAX_VALUE, item.weight()))
                .executor(Runnable::run)
                .build();
    }

    Item get(String key) {
        return items.getIfPresent(key);
    }

    Item put(String key, byte[] content) {
        Item item = new Item(key, content);
        items.put(key, item);
        return item;
    }

    /**
     * How many entries the cache holds now, approximately.
     *
     * @return the entry count
     */
    long size() {
        return items.estimatedSize();
    }

    /**
     * The estimated heap the entries retain now.
     *
     * @return the sum of the entries' weights
     */
    long weightedSize() {
        return items.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
