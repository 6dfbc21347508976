package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.Names;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * The intersections of the board index's sets that pages asked for ({@link BoardIndex#combination}): for a
 * combination of two or more of channel, author, {@code type} and {@code via}, the messages under every key, as a
 * sorted set of filenames built once from the smallest of the keys' sets and then kept current message by message.
 * Only the most recently asked are kept, up to {@link #MAX} combinations and {@link #MAX_ENTRIES} names in all, and
 * only where that smallest set holds {@link #MIN_WALK} names or more (a smaller one is walked each time, which costs
 * less than keeping it). Not thread safe: the board index's lock guards every call; readers walk a kept set without
 * it (a concurrent set), weakly consistently, like any listing.
 */
final class BoardCombinations {
    /** The most combinations kept at once (the least recently asked goes first). */
    static final int MAX = 64;

    /** The most names the kept combinations hold in all (about 60 bytes each); a larger one is not kept. */
    static final int MAX_ENTRIES = 1 << 17;

    /** The fewest names the smallest of a combination's sets holds for the combination to be kept. */
    static final int MIN_WALK = 1024;

    /**
     * Keys asked together ({@code null}: not asked). A message is in a combination when it is under every key asked,
     * as in the index's sets: no message has the empty channel or author, and a message without a {@code type} or
     * {@code via} has the empty value.
     *
     * @param channel the channel, or null
     * @param author the author, or null
     * @param type the {@code type} value, or null
     * @param via the {@code via} value, or null
     */
    record Key(String channel, String author, String type, String via) {
        boolean holds(String filename, BoardIndex.Meta m) {
            return key(channel, m.channel())
                    && key(author, Names.agentFromFilename(filename))
                    && value(type, m.type())
                    && value(via, m.via());
        }

        /** A channel or author: no message has the empty one. */
        private static boolean key(String asked, String key) {
            return asked == null || (!asked.isEmpty() && asked.equals(key));
        }

        /** A {@code type} or {@code via}: a message without one has the empty value. */
        private static boolean value(String asked, String value) {
            return asked == null || asked.equals(value);
        }
    }

    /** A combination's messages, and how many (written under the index's lock, read without it). */
    static final class Kept {
        private final ConcurrentSkipListSet<String> names = new ConcurrentSkipListSet<>();
        private volatile int count;

        NavigableSet<String> names() {
            return names;
        }

        int count() {
            return count;
        }
    }

    private final LinkedHashMap<Key, Kept> kept = new LinkedHashMap<>(16, 0.75f, true); // least recently asked first
    private long entries;
    private long built;
    private int minWalk = MIN_WALK;

    /**
     * A kept combination, now the most recently asked.
     *
     * @param key the keys
     * @return it, or null when it is not kept
     */
    Kept get(Key key) {
        return kept.get(key);
    }

    /**
     * Builds and keeps a combination from the smallest of its keys' sets, dropping the least recently asked ones past
     * the bounds.
     *
     * @param key the keys
     * @param smallest the names of the smallest of the keys' sets
     * @param size how many it holds
     * @param meta what the index holds of each name
     * @return the combination, or null when that set holds fewer than {@link #MIN_WALK} names or more than
     *     {@link #MAX_ENTRIES} (then the caller walks it)
     */
    Kept build(Key key, Collection<String> smallest, int size, Function<String, BoardIndex.Meta> meta) {
        if (size < minWalk || size > MAX_ENTRIES) {
            return null;
        }
        built++;
        Kept k = new Kept();
        for (String f : smallest) {
            if (key.holds(f, meta.apply(f))) {
                k.names.add(f);
                k.count++;
            }
        }
        kept.put(key, k);
        entries += k.count;
        trim(k);
        return k;
    }

    /**
     * Files a message's change in every kept combination.
     *
     * @param filename the message
     * @param old what was indexed of it, or null
     * @param now what is indexed of it now, or null (gone)
     */
    void changed(String filename, BoardIndex.Meta old, BoardIndex.Meta now) {
        if (kept.isEmpty()) {
            return;
        }
        for (Map.Entry<Key, Kept> e : kept.entrySet()) {
            boolean was = old != null && e.getKey().holds(filename, old);
            boolean is = now != null && e.getKey().holds(filename, now);
            Kept k = e.getValue();
            if (was && !is && k.names.remove(filename)) {
                k.count--;
                entries--;
            } else if (is && !was && k.names.add(filename)) {
                k.count++;
                entries++;
            }
        }
        if (entries > MAX_ENTRIES) {
            trim(null);
        }
    }

    /** Drops the least recently asked combinations but {@code keep} while past the bounds. */
    private void trim(Kept keep) {
        for (Iterator<Kept> it = kept.values().iterator();
                it.hasNext() && (kept.size() > MAX || entries > MAX_ENTRIES); ) {
            Kept k = it.next();
            if (k != keep) {
                it.remove();
                entries -= k.count;
            }
        }
    }

    /**
     * Keeps combinations whose smallest set holds at least some names, instead of {@link #MIN_WALK} (tests, on small
     * boards).
     *
     * @param names the fewest names
     */
    void keepFrom(int names) {
        minWalk = names;
    }

    /**
     * How many combinations were built since this was created.
     *
     * @return the count
     */
    long built() {
        return built;
    }

    /**
     * How many combinations are kept now.
     *
     * @return the count
     */
    int size() {
        return kept.size();
    }
}
