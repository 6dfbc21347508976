package dev.agentcollab.core.service.internal;

import java.util.Iterator;
import java.util.Optional;

/**
 * A sorted set of markdown records, identified by filename, from which a page is read without copying the set: a
 * folder's view ({@link ReadModel.Records}) or a secondary index over one (a channel, a thread). Reads are weakly
 * consistent with concurrent writes, like any listing. Implementations are thread safe.
 */
public interface RecordSet {
    /**
     * How many records the set holds.
     *
     * @return the count
     */
    int count();

    /**
     * Whether a record with this filename is in the set.
     *
     * @param filename the leaf filename
     * @return whether it is
     */
    boolean contains(String filename);

    /**
     * The filenames strictly between two bounds, in order, lazily.
     *
     * @param after the exclusive lower bound, or {@code null}
     * @param before the exclusive upper bound, or {@code null}
     * @param descending newest (largest) first
     * @return the filenames
     */
    Iterator<String> filenames(String after, String before, boolean descending);

    /**
     * Loads and parses one record.
     *
     * @param filename the leaf filename
     * @return the document, or empty when it is gone
     */
    Optional<StoredDoc> load(String filename);
}
