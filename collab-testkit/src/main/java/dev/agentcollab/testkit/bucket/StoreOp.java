package dev.agentcollab.testkit.bucket;

/**
 * The kinds of store calls that the testkit counts and can inject faults into. The fake Hub maps its HTTP
 * endpoints onto the same kinds, so one {@link Fault} vocabulary serves both fakes.
 */
public enum StoreOp {
    /** {@code info}/{@code exists}, or {@code GET /api/buckets/{id}}. */
    INFO,
    /** {@code create}, or {@code POST /api/buckets/{id}}. */
    CREATE,
    /** {@code list}, or a tree page. */
    LIST,
    /** {@code read}, or a file download. */
    READ,
    /** {@code apply} (and {@code put}/{@code delete}), or a batch commit. */
    APPLY
}
