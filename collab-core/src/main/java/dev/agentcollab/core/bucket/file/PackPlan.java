package dev.agentcollab.core.bucket.file;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * What a compaction writes into its new pack file: every live content of the journal, plus the live contents of
 * the older packs it merges. A pack is merged when more than half of it is garbage (contents no file names any
 * more), or when it is no larger than what the new pack holds so far, smallest first: pack sizes then grow
 * geometrically, like a binary counter, so a bucket has O(log n) packs and each content is copied O(log n) times
 * over its life. A pack the checkpoint names but that holds no live content is dropped.
 *
 * @param moves the contents to copy, hash to current location, in the order to write them (journal order, then
 *     each merged pack in offset order)
 * @param merged the packs the new checkpoint no longer names, deleted after it is written
 */
record PackPlan(Map<String, Location> moves, Set<Long> merged) {
    PackPlan {
        moves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moves));
        merged = Set.copyOf(merged);
    }

    /**
     * Plans a compaction of the index's current state.
     *
     * @param index the bucket's index, under the writer lock
     * @param packSize the size on disk of a pack file, by its sequence number
     * @return the plan
     */
    static PackPlan of(BucketIndex index, LongUnaryOperator packSize) {
        Map<String, Location> moves = new LinkedHashMap<>(index.inJournal());
        long newSize = moves.values().stream().mapToLong(Location::size).sum();
        Map<Long, List<Map.Entry<String, Location>>> byPack = new HashMap<>();
        for (Map.Entry<String, Location> e : index.inPacks().entrySet()) {
            byPack.computeIfAbsent(e.getValue().file(), k -> new ArrayList<>()).add(e);
        }
        Set<Long> merged = new HashSet<>(index.checkpointPacks());
        merged.removeAll(byPack.keySet()); // nothing live left in them
        Map<Long, Long> sizes = new HashMap<>();
        byPack.keySet().forEach(p -> sizes.put(p, packSize.applyAsLong(p)));
        List<Long> bySize = new ArrayList<>(byPack.keySet());
        bySize.sort(Comparator.comparingLong(sizes::get));
        List<Long> take = new ArrayList<>();
        for (long p : bySize) {
            long live =
                    byPack.get(p).stream().mapToLong(e -> e.getValue().size()).sum();
            if (live * 2 < sizes.get(p)) {
                take.add(p);
                newSize += live;
            }
        }
        for (long p : bySize) {
            if (!take.contains(p) && sizes.get(p) <= newSize) {
                take.add(p);
                newSize += byPack.get(p).stream()
                        .mapToLong(e -> e.getValue().size())
                        .sum();
            }
        }
        for (long p : take) {
            byPack.get(p).stream()
                    .sorted(Comparator.comparingLong(e -> e.getValue().offset()))
                    .forEach(e -> moves.put(e.getKey(), e.getValue()));
            merged.add(p);
        }
        return new PackPlan(moves, merged);
    }
}
