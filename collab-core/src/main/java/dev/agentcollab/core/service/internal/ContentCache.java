package dev.agentcollab.core.service.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;

/**
 * A cache of file content and its parsed form, keyed by {@code path@hash} and bounded by total bytes (Caffeine's
 * size-based eviction weighed by content length, so reads do not contend on one lock). Entries are immutable; a
 * key always names the same bytes, so a racing double load is harmless. Thread safe.
 */
final class ContentCache {
    private final Cache<String, Item> items;

    /** One cached file; the document is parsed on first use. */
    static final class Item {
        final byte[] content;
        private volatile Document doc;

        Item(byte[] content) {
            this.content = content;
        }

        Document doc() {
            Document d = doc;
            if (d == null) {
                d = FrontmatterCodec.parseLenient(new String(content, StandardCharsets.UTF_8));
                doc = d;
            }
            return d;
        }
    }

    ContentCache(long maxBytes) {
        this.items = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Item item) -> item.content.length + key.length())
                .executor(Runnable::run)
                .build();
    }

    Item get(String key) {
        return items.getIfPresent(key);
    }

    Item put(String key, byte[] content) {
        Item item = new Item(content);
        items.put(key, item);
        return item;
    }
}
