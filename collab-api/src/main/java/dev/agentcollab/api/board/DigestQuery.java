package dev.agentcollab.api.board;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of a digest.
 *
 * @param as the reader's handle (agent id or {@code human-<name>}); adds an inbox section
 * @param since an inclusive stamp bound on recent messages, results and the inbox (list-grammar format)
 */
public record DigestQuery(Optional<String> as, Optional<String> since) {
    /** Checks for nulls. */
    public DigestQuery {
        Objects.requireNonNull(as, "as");
        Objects.requireNonNull(since, "since");
    }

    /**
     * The digest for nobody in particular.
     *
     * @return a query without options
     */
    public static DigestQuery everyone() {
        return new DigestQuery(Optional.empty(), Optional.empty());
    }

    /**
     * The digest for one reader.
     *
     * @param handle the reader's handle
     * @return the query
     */
    public static DigestQuery as(String handle) {
        return new DigestQuery(Optional.of(handle), Optional.empty());
    }
}
