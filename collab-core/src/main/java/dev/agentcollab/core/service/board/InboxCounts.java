package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.core.service.internal.RecordSetPages;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code count} of each inbox (the agent's copies and the broadcasts, a filename in both counted once), kept with
 * the read model: the number of filenames in both folders is computed once (by looking up the smaller folder's names
 * in the larger, O(min · log n)) and reused while neither folder's view changes, so a poll of an unchanged inbox
 * costs two version reads instead of a walk of the inbox. Thread safe; an answer computed while a folder changes is
 * recorded under the versions read before it, so the next read recomputes it.
 */
final class InboxCounts {
    private final ReadModel reads;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    /** The overlap of two folders at two view versions. */
    private record Known(long own, long all, int overlap) {}

    private InboxCounts(ReadModel reads) {
        this.reads = reads;
    }

    /**
     * The counts kept with a read model.
     *
     * @param reads the read model
     * @return its instance
     */
    static InboxCounts of(ReadModel reads) {
        return reads.extension(InboxCounts.class, InboxCounts::new);
    }

    /**
     * The number of records in the union of an inbox folder and the broadcasts.
     *
     * @param ownFolder the agent's inbox folder
     * @param own its records
     * @param allFolder the broadcasts folder
     * @param all its records
     * @return the union's size
     */
    int count(String ownFolder, RecordSet own, String allFolder, RecordSet all) {
        long vOwn = reads.version(ownFolder);
        long vAll = reads.version(allFolder);
        Known k = known.get(ownFolder);
        if (k == null || k.own() != vOwn || k.all() != vAll) {
            int overlap = own.count() + all.count() - RecordSetPages.count(List.of(own, all));
            k = new Known(vOwn, vAll, overlap);
            known.put(ownFolder, k);
        }
        return own.count() + all.count() - k.overlap();
    }
}
