package dev.agentcollab.core.service.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates of the heap an object graph retains, for caches bounded by memory rather than by entry count. The
 * layouts are those of HotSpot on a 64-bit JVM: 12-byte object headers and 4-byte references with compressed
 * oops, the default of a heap under 32 GiB (16 and 8 above), fields packed, every object a multiple of 8 bytes. A
 * string counts its real coder: 1 byte per char when every char is Latin-1, else 2. Shared constants (the booleans
 * and the empty optional) count nothing; nested values are counted as often as they are reached, so a value
 * shared inside one graph is over-counted, never under-counted. Stateless and thread safe.
 */
final class HeapSize {
    /** Bytes of a reference. */
    static final int REF;

    /** Bytes of an object header. */
    static final int HEADER;

    /** Bytes of an array header (object header and length). */
    static final int ARRAY_HEADER;

    static {
        boolean compressed = compressedOops();
        REF = compressed ? 4 : 8;
        HEADER = compressed ? 12 : 16;
        ARRAY_HEADER = HEADER + 4;
    }

    private HeapSize() {}

    /**
     * Rounds a size up to the 8-byte object alignment.
     *
     * @param bytes the unaligned size
     * @return the aligned size
     */
    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /**
     * An object with the given fields.
     *
     * @param refs how many reference fields
     * @param primitiveBytes the bytes of its primitive fields
     * @return its size, aligned
     */
    static long object(int refs, int primitiveBytes) {
        return align(HEADER + (long) refs * REF + primitiveBytes);
    }

    /**
     * A {@code byte[]}.
     *
     * @param length its length
     * @return its size
     */
    static long bytes(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    /**
     * An array of references.
     *
     * @param length its length
     * @return its size, without the objects it refers to
     */
    static long refs(int length) {
        return align(ARRAY_HEADER + (long) length * REF);
    }

    /**
     * A string with its value array: the object (hash, coder, hash-is-zero flag, value) and 1 byte per char when
     * every char is Latin-1, else 2.
     *
     * @param s the string
     * @return its retained size
     */
    static long string(String s) {
        int perChar = 1;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return object(1, 6) + bytes(s.length() * perChar);
    }

    /**
     * A parsed markdown document: the record, its frontmatter (an unmodifiable view of a {@code LinkedHashMap}, with
     * every key and value), its body and its parse error.
     *
     * @param doc the document
     * @return its retained size
     */
    static long document(Document doc) {
        long size = object(3, 0) + string(doc.body());
        size += object(4, 0) + value(doc.frontmatter()); // the unmodifiable view, then its map
        if (doc.parseError().isPresent()) {
            size += object(1, 0) + string(doc.parseError().get());
        }
        return size;
    }

    /**
     * A value as YAML and JSON parsers build them: strings, boxed numbers, booleans, {@code null}, lists (as
     * {@code ArrayList}) and maps (as {@code LinkedHashMap}), nested. Another object counts as a small object of
     * four fields.
     *
     * @param v the value, or {@code null}
     * @return its retained size
     */
    static long value(Object v) {
        return switch (v) {
            case null -> 0;
            case Boolean b -> 0; // Boolean.TRUE and FALSE
            case String s -> string(s);
            case Integer i -> object(0, 4);
            case Long l -> object(0, 8);
            case Double d -> object(0, 8);
            case Float f -> object(0, 4);
            case Short s -> object(0, 2);
            case Byte b -> object(0, 1);
            case BigInteger b -> object(1, 24) + align(ARRAY_HEADER + 4L * ((b.bitLength() + 31) / 32));
            case BigDecimal b -> object(2, 16) + value(b.unscaledValue());
            case Map<?, ?> m -> map(m);
            case Collection<?> c -> list(c);
            case Optional<?> o -> o.isEmpty() ? 0 : object(1, 0) + value(o.get());
            default -> object(4, 0);
        };
    }

    /**
     * A {@code LinkedHashMap} of the map's size (its table at the default load factor), with its entries, keys and
     * values.
     */
    private static long map(Map<?, ?> m) {
        if (m.isEmpty()) {
            return object(8, 17);
        }
        int capacity = Integer.highestOneBit(Math.max(1, (int) Math.ceil(m.size() / 0.75)) * 2 - 1);
        long size = object(8, 17) + refs(Math.max(16, capacity));
        for (Map.Entry<?, ?> e : m.entrySet()) {
            size += object(5, 4) + value(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    /** An {@code ArrayList} with its elements, its array allowed half again its size. */
    private static long list(Collection<?> c) {
        long size = object(1, 8) + refs(c.size() + c.size() / 2 + 1);
        for (Object o : c) {
            size += value(o);
        }
        return size;
    }

    /** HotSpot compresses references by default when the heap may not grow past 32 GiB. */
    private static boolean compressedOops() {
        return Runtime.getRuntime().maxMemory() < (32L << 30);
    }
}
