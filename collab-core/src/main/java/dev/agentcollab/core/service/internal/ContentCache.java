package dev.agentcollab.core.service.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LRU cache of file content and its parsed form, keyed by {@code path@hash} and bounded by total bytes.
 * Thread safe (one lock; entries are immutable).
 */
final class ContentCache {
    private final long maxBytes;
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

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
        this.maxBytes = maxBytes;
    }

    synchronized Item get(String key) {
        return items.get(key);
    }

    synchronized Item put(String key, byte[] content) {
        Item item = new Item(content);
        Item old = items.put(key, item);
        if (old != null) {
            bytes -= old.content.length;
        }
        bytes += content.length;
        var it = items.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Item> eldest = it.next();
            if (eldest.getValue() == item) {
                break; // never evict what was just added
            }
            bytes -= eldest.getValue().content.length;
            it.remove();
        }
        return item;
    }
}
