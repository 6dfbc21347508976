package dev.agentcollab.core.service;

import dev.agentcollab.api.bucket.BatchOp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A crash between a write's commit and its audit row, simulated in one JVM: the audit log whose write was refused
 * "dies" with it, so its later attempts are refused too (in a real crash the process and the rows it kept in memory
 * are gone; only the next start's recovery writes them). Audit logs are told apart by the writer id in their
 * segment names ({@code audit/<month>/<stamp>-<writer>-<n>.jsonl}). Thread safe.
 */
final class DeadAuditWriters {
    private final Set<String> dead = ConcurrentHashMap.newKeySet();

    /** The writer ids of a batch's audit segments. */
    private static Set<String> writers(List<? extends BatchOp> ops) {
        Set<String> writers = new HashSet<>();
        for (BatchOp op : ops) {
            String[] parts = op.path().value().split("-");
            if (op.path().value().startsWith("audit/") && parts.length >= 3) {
                writers.add(parts[parts.length - 2]);
            }
        }
        return writers;
    }

    /**
     * Marks the writers of a refused batch dead.
     *
     * @param ops the batch
     */
    void kill(List<? extends BatchOp> ops) {
        dead.addAll(writers(ops));
    }

    /**
     * Whether a batch comes from a dead writer.
     *
     * @param ops the batch
     * @return true when it must be refused
     */
    boolean refuses(List<? extends BatchOp> ops) {
        return writers(ops).stream().anyMatch(dead::contains);
    }
}
