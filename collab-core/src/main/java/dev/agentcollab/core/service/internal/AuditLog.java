package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log (§10): one compact JSON line per successful write, in segment files of at most 512
 * rows under {@code audit/<YYYYMM>/} of the private audit bucket ({@link AuditSegments}; the reference keeps one
 * {@code audit/<YYYYMM>.jsonl}, which is still read). A segment is rewritten whole on each commit (the Hub has no
 * append), so this class serialises appends and commits every queued line in one write (group commit). The writer lock is shared by
 * every audit log of the JVM over the same audit bucket, so concurrent appends lose nothing, also when several
 * service instances write one bucket (like the verification index and the job quota ledger). Failures are logged
 * and swallowed, as in the reference: auditing never fails a write; rows of central writes are then recovered at
 * the next start from their transaction records ({@link WriteCommit}, {@link AuditRecovery}).
 * Thread safe.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private static final ConcurrentHashMap<String, ReentrantLock> WRITERS = new ConcurrentHashMap<>();
    private final ReentrantLock writer;
    private final AuditSegments segments;
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    private record Pending(String month, String line, CompletableFuture<Boolean> done) {}

    /**
     * Creates the log.
     *
     * @param store the store holding the audit bucket
     * @param bucket the audit bucket (created on first append when missing)
     * @param clock the time source for {@code ts} and the month
     */
    public AuditLog(BucketStore store, BucketId bucket, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = WRITERS.computeIfAbsent(bucket.toString(), k -> new ReentrantLock());
        this.segments = new AuditSegments(
                store, bucket, clock, java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Appends one row; returns once it is durably written (or its failure logged).
     *
     * @param event the row
     * @param caller the caller's transport details
     * @return whether the row is durable
     */
    public boolean append(AuditEvent event, CallContext caller) {
        return append(event, caller, null, clock.instant());
    }

    /**
     * Appends the row of a committed central write, tagged with the write's transaction id so that start-up
     * recovery ({@link AuditRecovery}) can tell whether it is present.
     *
     * @param event the row
     * @param caller the caller's transport details
     * @param txn the write's transaction id, or {@code null} for none
     * @param ts the commit time of the write
     * @return whether the row is durable
     */
    public boolean append(AuditEvent event, CallContext caller, String txn, Instant ts) {
        Map<String, Object> row = row(event, ts, txn);
        row.put("caller_ip", caller.callerIp());
        row.put("user_agent", caller.userAgent());
        row.putAll(event.extras());
        return appendRow(row, ts);
    }

    /**
     * Appends prepared rows (start-up recovery).
     *
     * @param rows the rows, each with {@code ts}
     * @return whether every row is durable
     */
    public boolean appendRows(List<Map<String, Object>> rows) {
        boolean all = true;
        for (Map<String, Object> row : rows) {
            all &= appendRow(row, Instant.parse(String.valueOf(row.get("ts"))));
        }
        return all;
    }

    /**
     * The row of an event without the caller's transport details ({@code caller_ip}, {@code user_agent}) and
     * extras, in the column order of the log.
     *
     * @param event the event
     * @param ts the row's time
     * @param txn the transaction id, or {@code null}
     * @return the row
     */
    static Map<String, Object> row(AuditEvent event, Instant ts, String txn) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ts", Stamps.iso(ts));
        if (txn != null) {
            row.put("txn", txn);
        }
        row.put("agent_id", event.agentId());
        row.put("route", event.route());
        row.put("via", event.via());
        row.put("source", event.source());
        row.put("target_path", event.targetPath());
        row.put("bytes", event.bytes());
        row.put("status_code", event.statusCode());
        return row;
    }

    private boolean appendRow(Map<String, Object> row, Instant ts) {
        String line;
        try {
            line = Json.mapper().writeValueAsString(row);
        } catch (JsonProcessingException e) {
            LOG.warn("audit row not serialisable", e);
            return false;
        }
        Pending mine = new Pending(MONTH.format(ts), line, new CompletableFuture<>());
        queue.add(mine);
        writer.lock();
        try {
            drain();
        } finally {
            writer.unlock();
        }
        boolean durable = mine.done().getNow(false);
        if (durable) {
            notifyListeners(row);
        }
        return durable;
    }

    /**
     * Registers a projection of the log: {@code listener} sees every row this log makes durable from now on, on
     * the appending thread, after the row is written (rows of other processes are not seen). A listener that throws
     * is logged; it never fails the append.
     *
     * @param listener the listener; it must be thread safe and quick
     */
    public void subscribe(Consumer<Map<String, Object>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notifyListeners(Map<String, Object> row) {
        Map<String, Object> view = Collections.unmodifiableMap(row);
        for (Consumer<Map<String, Object>> l : listeners) {
            try {
                l.accept(view);
            } catch (RuntimeException e) {
                LOG.warn("audit listener failed", e);
            }
        }
    }

    /**
     * The months that hold rows, oldest first ({@code YYYYMM}), for projections loaded once from the whole log.
     *
     * @return the months
     */
    public List<String> months() {
        return segments.months();
    }

    /**
     * The month ({@code YYYYMM}) of an instant, as audit files are named.
     *
     * @param ts the instant
     * @return the month
     */
    public static String month(Instant ts) {
        return MONTH.format(ts);
    }

    /**
     * Reads the rows of one month, for tests and operators.
     *
     * @param month {@code YYYYMM}
     * @return the raw lines
     */
    public List<String> lines(String month) {
        return segments.lines(month);
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return; // another thread's drain already committed our line
        }
        Map<String, StringBuilder> byMonth = new LinkedHashMap<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Pending p : batch) {
            byMonth.computeIfAbsent(p.month(), m -> new StringBuilder())
                    .append(p.line())
                    .append('\n');
            rows.merge(p.month(), 1, Integer::sum);
        }
        try {
            if (!store.exists(bucket)) {
                store.create(bucket, true);
            }
            for (Map.Entry<String, StringBuilder> e : byMonth.entrySet()) {
                segments.append(e.getKey(), e.getValue().toString(), rows.get(e.getKey()));
            }
            batch.forEach(p -> p.done().complete(true));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().complete(false));
            LOG.warn("audit append failed; " + batch.size() + " row(s) dropped", e);
        }
    }
}
