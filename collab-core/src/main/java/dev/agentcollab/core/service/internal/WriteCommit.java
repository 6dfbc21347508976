package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The one path of every audited write to the central bucket (docs/storage-design.md §2-§4). One call:
 *
 * <ol>
 *   <li>adds to the caller's operations, in the same atomic batch: the transaction record
 *       {@code .collab/txn/<txn>.json} (the audit row without the caller's address and user agent), the
 *       idempotency record when the call carries a key, and deletions of transaction records whose audit rows
 *       are durable by now;
 *   <li>applies the batch through the read model (the commit point);
 *   <li>queues the full audit row, tagged with {@code txn}, in the audit log and returns: the write is answered
 *       after one commit, the central one, while the audit log's group commit runs behind it
 *       ({@link AuditLog#appendBehind}); once the row is durable the transaction record is queued for deletion by a
 *       later batch.
 * </ol>
 *
 * So a committed write always has its transaction record until its audit row is durable, and
 * {@link AuditRecovery} writes the rows that a crash kept from being appended: exactly one audit row per committed
 * write, and none for a write that did not commit. A stop before the row is durable loses only what the
 * transaction record does not hold, the caller's address and user agent. Thread safe.
 */
public final class WriteCommit {
    /** Where transaction records live in the central bucket. */
    public static final String TXN_PREFIX = ".collab/txn/";

    private static final int DELETES_PER_BATCH = 64;
    private static final int EXPIRED_PER_BATCH = 500;
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final ReadModel reads;
    private final AuditLog audit;
    private final Idempotency idempotency;
    private final InstantSource clock;
    private final long txnSeed;
    private final AtomicLong txnCount = new AtomicLong();
    private final ConcurrentLinkedQueue<String> audited = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

    /**
     * Creates the write path.
     *
     * @param reads the read model of the central bucket
     * @param audit the audit log
     * @param idempotency the idempotency registry
     * @param clock the time source
     * @param random the source of transaction ids
     */
    public WriteCommit(
            ReadModel reads, AuditLog audit, Idempotency idempotency, InstantSource clock, RandomGenerator random) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.txnSeed = Objects.requireNonNull(random, "random").nextLong();
    }

    /**
     * Commits a write with its audit row and, for a keyed call, its idempotency record.
     *
     * @param ops the write's operations on the central bucket (may be empty for a write elsewhere, e.g. a job)
     * @param event the audit row
     * @param caller the caller (its idempotency key, address and user agent)
     * @param result what the write returns to the caller, stored for replays of its idempotency key
     * @throws dev.agentcollab.api.error.CollabException what the store throws; nothing is committed then
     */
    public void commit(List<? extends BatchOp> ops, AuditEvent event, CallContext caller, Object result) {
        commit(ops, 0, event, caller, result);
    }

    /**
     * Commits a write under a transaction id the caller drew with {@link #newTransaction()}, for a write that may try
     * its commit more than once although its effect happened once (a launched job): a commit reported failed may
     * have landed all the same (an answer lost on the way back from the Hub), and the next try under the same id
     * replaces its transaction record instead of adding a second one, so the write keeps one audit row.
     *
     * @param ops the write's operations on the central bucket
     * @param event the audit row
     * @param caller the caller (its idempotency key, address and user agent)
     * @param result what the write returns to the caller, stored for replays of its idempotency key
     * @param txn the transaction id, the same for every try of the write
     * @throws dev.agentcollab.api.error.CollabException what the store throws; nothing is committed then
     */
    public void commit(List<? extends BatchOp> ops, AuditEvent event, CallContext caller, Object result, String txn) {
        commit(ops, 0, event, caller, result, Objects.requireNonNull(txn, "txn"));
    }

    /**
     * A new transaction id, for {@link #commit(List, AuditEvent, CallContext, Object, String)}.
     *
     * @return the id
     */
    public String newTransaction() {
        return newTxn(clock.instant());
    }

    /**
     * Commits a write whose every put and copy creates a new file (a message under a fresh stamped name, a new
     * result): when its batch is applied only in part, what landed of it is removed again, the payload included.
     *
     * @param ops the write's operations on the central bucket
     * @param event the audit row
     * @param caller the caller (its idempotency key, address and user agent)
     * @param result what the write returns to the caller, stored for replays of its idempotency key
     * @throws dev.agentcollab.api.error.CollabException what the store throws; nothing is committed then
     */
    public void commitNew(List<? extends BatchOp> ops, AuditEvent event, CallContext caller, Object result) {
        commit(ops, ops.size(), event, caller, result);
    }

    /**
     * Commits a write of new files ({@link #commitNew}) together with other operations in the same batch that
     * replace files (a verdict's entry in the verification index beside its announcement): on a batch applied in
     * part, the new files are removed again, the others are left.
     *
     * @param ops the write's new files
     * @param also the batch's other operations
     * @param event the audit row
     * @param caller the caller (its idempotency key, address and user agent)
     * @param result what the write returns to the caller, stored for replays of its idempotency key
     * @throws dev.agentcollab.api.error.CollabException what the store throws; nothing is committed then
     */
    public void commitNew(
            List<? extends BatchOp> ops,
            List<? extends BatchOp> also,
            AuditEvent event,
            CallContext caller,
            Object result) {
        List<BatchOp> all = new ArrayList<>(ops);
        all.addAll(also);
        commit(all, ops.size(), event, caller, result);
    }

    /** {@code fresh}: how many of the first operations create new files (removed again on a partial batch). */
    private void commit(List<? extends BatchOp> ops, int fresh, AuditEvent event, CallContext caller, Object result) {
        commit(ops, fresh, event, caller, result, null);
    }

    /** {@code txn}: the write's transaction id, or {@code null} for a new one. */
    private void commit(
            List<? extends BatchOp> ops, int fresh, AuditEvent event, CallContext caller, Object result, String txn) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(result, "result");
        Instant now = clock.instant();
        if (txn == null) {
            txn = newTxn(now);
        }
        String txnPath = TXN_PREFIX + txn + ".json";
        String primary = primary(ops);
        List<BatchOp> batch = new ArrayList<>(ops);
        batch.add(BatchOp.put(txnPath, txnRecord(txn, now, event, primary)));
        var prepared = idempotency.prepare(caller, txn, result, event.statusCode(), primary);
        prepared.ifPresent(p -> batch.add(p.op()));
        List<String> deletes = new ArrayList<>();
        for (String p; deletes.size() < DELETES_PER_BATCH && (p = audited.poll()) != null; ) {
            deletes.add(p);
        }
        deletes.forEach(p -> batch.add(BatchOp.delete(p)));
        expiredIdempotencyRecords(now).forEach(p -> batch.add(BatchOp.delete(p)));
        try {
            reads.apply(batch);
        } catch (RuntimeException e) {
            audited.addAll(deletes);
            prepared.ifPresent(p -> idempotency.notCommitted(caller, p));
            if (appliedInPart(e)) {
                undo(ops, fresh, txnPath, prepared.map(Idempotency.Prepared::op), e);
            }
            throw e;
        }
        prepared.ifPresent(idempotency::committed);
        audit.appendBehind(event, caller, txn, now).thenAccept(durable -> {
            if (durable) {
                audited.add(txnPath);
            }
        });
    }

    /**
     * The file a write's records stand for: the first file its batch puts (the board file of a post, a result, a
     * taskforce file, a trace's manifest, which a later share of the session keeps), else the first file it copies
     * (a sync). A transaction record, idempotency record or dedup claim
     * that names one counts only while that file exists: on a store that applies a batch in part
     * ({@link dev.agentcollab.api.bucket.PartialBatchException}) the records can land without it.
     *
     * @param ops the write's operations
     * @return the path, or {@code null} for a write without a central file (a job launch)
     */
    static String primary(List<? extends BatchOp> ops) {
        String copied = null;
        for (BatchOp op : ops) {
            if (op.path().value().startsWith(".collab/")) {
                continue;
            }
            if (op instanceof BatchOp.Put) {
                return op.path().value();
            }
            if (op instanceof BatchOp.Copy && copied == null) {
                copied = op.path().value();
            }
        }
        return copied;
    }

    /** Whether a failed apply applied some of its batch (the Hub's batch is not transactional). */
    private static boolean appliedInPart(Throwable e) {
        if (e instanceof PartialBatchException) {
            return true;
        }
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof PartialBatchException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes, best effort, what a batch applied in part left: its transaction record, idempotency record and dedup
     * claims (they must not outlive a write that failed), and, for a write of new files only, the files themselves
     * (inbox copies of a message whose board file failed). A removal that fails too leaves records whose file is
     * missing; their readers ignore those ({@link #primary}).
     */
    private void undo(
            List<? extends BatchOp> ops,
            int fresh,
            String txnPath,
            Optional<BatchOp> idempotencyRecord,
            RuntimeException failure) {
        List<BatchOp> undo = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            BatchOp op = ops.get(i);
            if (!(op instanceof BatchOp.Delete)
                    && (i < fresh || op.path().value().startsWith(PromotionDedup.PREFIX))) {
                undo.add(BatchOp.delete(op.path().value()));
            }
        }
        undo.add(BatchOp.delete(txnPath));
        idempotencyRecord.ifPresent(op -> undo.add(BatchOp.delete(op.path().value())));
        try {
            reads.apply(undo);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The transaction record of a write: what recovery needs to write its audit row.
     *
     * @param txn the transaction id
     * @param ts the commit time
     * @param event the audit row
     * @param primary the file the write stands for ({@link #primary}), or {@code null}
     * @return the record's bytes
     */
    static byte[] txnRecord(String txn, Instant ts, AuditEvent event, String primary) {
        Map<String, Object> row = AuditLog.row(event, ts, txn);
        row.putAll(event.extras());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("txn", txn);
        record.put("ts", Stamps.iso(ts));
        if (primary != null) {
            record.put("primary", primary);
        }
        record.put("audit", row);
        try {
            return Json.mapper().writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transaction record not serialisable", e);
        }
    }

    /**
     * A new transaction id: the commit time, then 64 bits that no other write of this instance gets. The injected
     * generator is read once, for the instance's seed; each id then takes the next step of a Weyl sequence from it,
     * scrambled by a bijection (MurmurHash3's 64-bit finaliser), so ids are distinct for 2^64 writes and look
     * random, without a lock. The default generator ({@link RandomGenerator#getDefault()}) is not thread safe: two
     * writes racing through it received the same bits, so one write's transaction record replaced the other's and
     * the audit reader took their two rows for one; a lock around it made every concurrent write queue on it.
     */
    private String newTxn(Instant now) {
        long z = txnSeed + txnCount.getAndIncrement() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return String.format("%013d", now.toEpochMilli()) + "-" + HexFormat.of().toHexDigits(z);
    }

    /** At most once an hour, the idempotency records past their TTL (deleted by the batch being built). */
    private List<String> expiredIdempotencyRecords(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
            return List.of();
        }
        List<String> expired = new ArrayList<>();
        try {
            for (BucketEntry e : reads.store().listAll(reads.bucket(), Idempotency.PREFIX)) {
                if (expired.size() == EXPIRED_PER_BATCH) {
                    nextSweep.set(now); // more to delete: sweep again with the next write
                    break;
                }
                if (idempotency.expired(e.modified())) {
                    expired.add(e.path().value());
                }
            }
        } catch (RuntimeException e) {
            return List.of(); // the sweep is best effort; the next hour tries again
        }
        return expired;
    }
}
