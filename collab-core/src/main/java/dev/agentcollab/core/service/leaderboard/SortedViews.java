package dev.agentcollab.core.service.leaderboard;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Read-only sorted views over lists already in their order, so that an empty {@link java.util.TreeSet} or
 * {@link java.util.TreeMap} is filled from one in a single linear pass: {@code TreeSet.addAll} of a {@link SortedSet}
 * and {@code TreeMap.putAll} of a {@link SortedMap} with the same comparator build the tree from the sorted input
 * without comparing or rebalancing. Only iteration, size, the comparator and the ends are supported; the caller
 * vouches that the list is sorted and without duplicates. Stateless.
 */
final class SortedViews {
    private SortedViews() {}

    /**
     * A sorted set over a list in the comparator's order.
     *
     * @param sorted the elements, ascending, distinct
     * @param comparator their order, {@code null} for the natural order
     * @param <E> the element type
     * @return the view
     */
    static <E> SortedSet<E> of(List<E> sorted, Comparator<? super E> comparator) {
        return new ListSet<>(sorted, comparator);
    }

    /**
     * A sorted map over values listed in the natural order of their keys.
     *
     * @param sorted the values, ascending by key, keys distinct
     * @param key a value's key
     * @param <K> the key type
     * @param <V> the value type
     * @return the view
     */
    static <K, V> SortedMap<K, V> byKey(List<V> sorted, Function<V, K> key) {
        return new ListMap<>(sorted, key);
    }

    private static final class ListSet<E> extends AbstractSet<E> implements SortedSet<E> {
        private final List<E> list;
        private final Comparator<? super E> comparator;

        ListSet(List<E> list, Comparator<? super E> comparator) {
            this.list = Collections.unmodifiableList(list);
            this.comparator = comparator;
        }

        @Override
        public Iterator<E> iterator() {
            return list.iterator();
        }

        @Override
        public int size() {
            return list.size();
        }

        @Override
        public Comparator<? super E> comparator() {
            return comparator;
        }

        @Override
        public E first() {
            return list.getFirst();
        }

        @Override
        public E last() {
            return list.getLast();
        }

        @Override
        public SortedSet<E> subSet(E from, E to) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }

        @Override
        public SortedSet<E> headSet(E to) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }

        @Override
        public SortedSet<E> tailSet(E from) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }
    }

    private static final class ListMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
        private final List<V> list;
        private final Function<V, K> key;

        ListMap(List<V> list, Function<V, K> key) {
            this.list = Collections.unmodifiableList(list);
            this.key = key;
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    Iterator<V> values = list.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return values.hasNext();
                        }

                        @Override
                        public Map.Entry<K, V> next() {
                            V v = values.next();
                            return new AbstractMap.SimpleImmutableEntry<>(key.apply(v), v);
                        }
                    };
                }

                @Override
                public int size() {
                    return list.size();
                }
            };
        }

        @Override
        public int size() {
            return list.size();
        }

        @Override
        public Comparator<? super K> comparator() {
            return null;
        }

        @Override
        public K firstKey() {
            return key.apply(list.getFirst());
        }

        @Override
        public K lastKey() {
            return key.apply(list.getLast());
        }

        @Override
        public SortedMap<K, V> subMap(K from, K to) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }

        @Override
        public SortedMap<K, V> headMap(K to) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }

        @Override
        public SortedMap<K, V> tailMap(K from) {
            throw new UnsupportedOperationException("a view for filling a tree");
        }
    }
}
