package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import java.time.Duration;
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
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log (§10): one compact JSON line per successful write, in segment files of at most 512
 * rows under {@code audit/<YYYYMM>/} of the private audit bucket ({@link AuditSegments}; the reference keeps one
 * {@code audit/<YYYYMM>.jsonl}, which is still read). A segment is rewritten whole on each commit (the Hub has no
 * append), so this class serialises appends and commits every queued line in one write (group commit).
 *
 * <p>Two ways in: {@link #append(AuditEvent, CallContext, String, Instant)} returns once the row is durable;
 * {@link #appendBehind(AuditEvent, CallContext, String, Instant)} queues the row and returns at once, and a
 * background writer commits it with the rows queued meanwhile (the write path uses it: a write's transaction record
 * already holds its row, docs/storage-design.md §3). Every read ({@link #lines(String)}) and {@link #flush()} first
 * waits until the rows queued before it, by any audit log of the JVM over the same bucket, are durable, so a
 * reader always sees the rows of the writes answered before it.
 *
 * <p>The writer lock is shared by every audit log of the JVM over the same audit bucket, so concurrent appends
 * lose nothing, also when several service instances write one bucket (like the verification index and the job
 * quota ledger). Failures are logged and swallowed, as in the reference: auditing never fails a write. The rows of a
 * failed commit (a full disk, an unreachable Hub) are kept and go first into the next commit (a write's, a read's,
 * or one of its own after {@link #RETRY_FIRST}, doubling up to {@link #RETRY_MAX}), so the running server writes
 * them once the store works again; past {@value #MAX_KEPT} kept rows the oldest are given up, and rows of
 * central writes not durable when the process stops are recovered at the next start from their transaction records
 * ({@link WriteCommit}, {@link AuditRecovery}). Thread safe.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;

    /**
     * Rows queued behind before an append waits for the writer itself, so that a writer slower than the writes
     * holds a bounded backlog in memory.
     */
    static final int MAX_BEHIND = 4096;

    /** Rows of failed commits kept in memory for the next attempt; older ones past it are given up. */
    static final int MAX_KEPT = 16_384;

    /**
     * How long after a failed commit its kept rows are committed again when no write, read or stop came first; the
     * wait doubles after each failed attempt, up to {@link #RETRY_MAX}.
     */
    static final Duration RETRY_FIRST = Duration.ofSeconds(5);

    /** The longest wait between two attempts to commit kept rows. */
    static final Duration RETRY_MAX = Duration.ofMinutes(5);

    private static final ConcurrentHashMap<String, Writer> WRITERS = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final List<Pending> failed = new ArrayList<>(); // rows of failed commits; guarded by the writer lock
    /** Kept rows and since when commits fail ({@link #health()}); written under the writer lock only. */
    private volatile Health health = Health.OK;

    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Writer writer;
    private final AuditSegments segments;
    private final List<Consumer<Map<String, Object>>> queuedListeners = new CopyOnWriteArrayList<>();
    private final Duration retryFirst;
    private Thread retrying; // commits kept rows again after a wait; guarded by the writer lock
    private boolean closed; // guarded by the writer lock

    private record Pending(String month, Map<String, Object> row, String line, CompletableFuture<Boolean> done) {}

    /** What the audit logs of one bucket share in this JVM: the writer lock, and the logs to flush before a read. */
    private static final class Writer {
        final ReentrantLock lock = new ReentrantLock();
        final Set<AuditLog> logs = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

        List<AuditLog> logs() {
            synchronized (logs) {
                return new ArrayList<>(logs);
            }
        }
    }

    /**
     * How the log's writes are going, as its writer last saw them.
     *
     * @param keptRows rows of failed commits held for the next attempt
     * @param failingSince when the current run of failed commits began; empty while commits succeed
     * @param lastError the last failure's message; empty while commits succeed
     */
    public record Health(int keptRows, Optional<Instant> failingSince, Optional<String> lastError) {
        static final Health OK = new Health(0, Optional.empty(), Optional.empty());

        /** Checks for nulls. */
        public Health {
            Objects.requireNonNull(failingSince, "failingSince");
            Objects.requireNonNull(lastError, "lastError");
        }
    }

    /**
     * How the log's writes are going: rows kept after failed commits, since when, and why. Cheap; thread safe.
     *
     * @return the current health
     */
    public Health health() {
        return health;
    }

    /**
     * Creates the log.
     *
     * @param store the store holding the audit bucket
     * @param bucket the audit bucket (created on first append when missing)
     * @param clock the time source for {@code ts} and the month
     */
    public AuditLog(BucketStore store, BucketId bucket, InstantSource clock) {
        this(store, bucket, clock, RETRY_FIRST);
    }

    /**
     * Creates the log with another first wait before kept rows are committed again (tests).
     *
     * @param store the store holding the audit bucket
     * @param bucket the audit bucket
     * @param clock the time source for {@code ts} and the month
     * @param retryFirst the first wait ({@link #RETRY_FIRST})
     */
    AuditLog(BucketStore store, BucketId bucket, InstantSource clock, Duration retryFirst) {
        this.retryFirst = Objects.requireNonNull(retryFirst, "retryFirst");
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = WRITERS.computeIfAbsent(bucket.toString(), k -> new Writer());
        this.segments = new AuditSegments(
                store, bucket, clock, java.util.UUID.randomUUID().toString().substring(0, 8));
        writer.logs.add(this);
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
        return appendRow(fullRow(event, caller, txn, ts), ts);
    }

    /**
     * Queues the row of a committed central write and returns at once; a background writer commits it, with every
     * row queued meanwhile, in one write. Use it only for a write whose transaction record holds the row
     * ({@link WriteCommit}): a process that stops before the row is durable loses it, and {@link AuditRecovery}
     * appends it again at the next start (without the caller's address and user agent). When
     * {@value #MAX_BEHIND} rows are already waiting, the caller commits the queue itself before it returns.
     *
     * @param event the row
     * @param caller the caller's transport details
     * @param txn the write's transaction id
     * @param ts the commit time of the write
     * @return completed with whether the row is durable, once it is written or its failure logged
     */
    public CompletableFuture<Boolean> appendBehind(AuditEvent event, CallContext caller, String txn, Instant ts) {
        Objects.requireNonNull(txn, "txn");
        Pending mine = enqueue(fullRow(event, caller, txn, ts), ts);
        if (mine == null) {
            return CompletableFuture.completedFuture(false);
        }
        if (queued.get() > MAX_BEHIND) {
            flushOwn();
        } else if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("audit-writer").start(this::drainBehind);
        }
        return mine.done();
    }

    /**
     * Waits until every row handed to any audit log of this JVM over the same bucket before the call is durable
     * (or its failure logged). A graceful stop calls it, and so does every read.
     */
    public void flush() {
        for (AuditLog log : writer.logs()) {
            log.flushOwn();
        }
    }

    private static Map<String, Object> fullRow(AuditEvent event, CallContext caller, String txn, Instant ts) {
        Map<String, Object> row = row(event, ts, txn);
        row.put("caller_ip", caller.callerIp());
        row.put("user_agent", caller.userAgent());
        row.putAll(event.extras());
        return row;
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
        Pending mine = enqueue(row, ts);
        if (mine == null) {
            return false;
        }
        flushOwn();
        return mine.done().getNow(false);
    }

    /** Queues a row; {@code null} when it cannot be serialised (logged). */
    private Pending enqueue(Map<String, Object> row, Instant ts) {
        String line;
        try {
            line = Json.mapper().writeValueAsString(row);
        } catch (JsonProcessingException e) {
            LOG.warn("audit row not serialisable", e);
            return null;
        }
        Pending mine = new Pending(MONTH.format(ts), row, line, new CompletableFuture<>());
        queued.incrementAndGet();
        queue.add(mine);
        notifyQueued(row);
        return mine;
    }

    /**
     * Commits this log's queue under the writer lock. Rows taken by a commit in progress are durable once the lock
     * is ours, so on return every row queued before the call is settled.
     */
    private void flushOwn() {
        writer.lock.lock();
        try {
            drain();
        } finally {
            writer.lock.unlock();
        }
    }

    /** The background writer: commits until the queue is empty, then stops (a new row starts another). */
    private void drainBehind() {
        do {
            try {
                flushOwn();
            } finally {
                draining.set(false);
            }
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    /**
     * Registers a projection that must list a write as soon as it is answered: {@code listener} sees every row
     * handed to this log from now on, on the appending thread, before {@link #append} or {@link #appendBehind}
     * returns, so before the write is answered and whether or not the audit writer is busy. It may see a row that
     * does not become durable: a row queued behind a committed write is then appended again from its transaction
     * record at the next start ({@link AuditRecovery}); a row of {@link #append} is lost. Rows of other processes,
     * and of other audit logs of this JVM, are not seen. A listener that throws is logged; it never fails the
     * append.
     *
     * @param listener the listener; it must be thread safe and quick
     */
    public void subscribeQueued(Consumer<Map<String, Object>> listener) {
        queuedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notifyQueued(Map<String, Object> row) {
        Map<String, Object> view = Collections.unmodifiableMap(row);
        for (Consumer<Map<String, Object>> l : queuedListeners) {
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
     * The months that may hold rows, newest first, found without listing the whole log: from the month after the
     * current one (rows of a writer whose clock runs ahead) back to the oldest month with a file; a month between
     * may hold none. For a reader that reads back from the newest rows and stops early ({@link #durableParts}).
     *
     * @return the {@code YYYYMM} months, newest first; empty when the log has no file
     */
    public List<String> monthsNewestFirst() {
        Optional<String> oldest = segments.oldestMonth();
        if (oldest.isEmpty()) {
            return List.of();
        }
        java.time.YearMonth first = java.time.YearMonth.parse(oldest.get(), MONTH);
        java.time.YearMonth last =
                java.time.YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).plusMonths(1);
        List<String> months = new ArrayList<>();
        for (java.time.YearMonth m = last.isBefore(first) ? first : last; !m.isBefore(first); m = m.minusMonths(1)) {
            months.add(m.format(MONTH));
        }
        return months;
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
     * The first instant of a month named as audit files are ({@link #month(Instant)}'s inverse): every row of that
     * month's files has a {@code ts} at or after it.
     *
     * @param month {@code YYYYMM}
     * @return its first instant, UTC
     * @throws java.time.format.DateTimeParseException when {@code month} is not {@code YYYYMM}
     */
    public static Instant monthStart(String month) {
        return java.time.YearMonth.parse(month, MONTH)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /**
     * Reads the rows of one month, for tests, operators and the jobs view; every row queued before the call is
     * included ({@link #flush()}).
     *
     * @param month {@code YYYYMM}
     * @return the raw lines
     */
    public List<String> lines(String month) {
        flush();
        return segments.lines(month);
    }

    /**
     * One stored file of a month's rows, for a projection that reads the newest rows first and stops early.
     *
     * @param path the file in the audit bucket
     * @param rowsBefore every row in the file has a {@code ts} before this instant (allowing for a writer's clock
     *     running up to ten minutes ahead)
     */
    public record Part(BucketPath path, Instant rowsBefore) {
        /** Validates the fields. */
        public Part {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(rowsBefore, "rowsBefore");
        }
    }

    /**
     * The files holding one month's durable rows, sorted by {@link Part#rowsBefore()}, latest first: once the
     * files up to one are read, every row of the month with a {@code ts} at or after the next file's
     * {@code rowsBefore} has been seen. A transaction appended twice (after a failed write whose answer was lost)
     * can be in two files; {@link #lines(String)} skips the repeat, a reader of parts must.
     *
     * @param month {@code YYYYMM}
     * @return the files, newest rows first
     */
    public List<Part> durableParts(String month) {
        return segments.parts(month);
    }

    /**
     * Reads the durable rows of one file of {@link #durableParts(String)}, without waiting for the audit writer.
     *
     * @param part the file
     * @return the raw lines; none when the file is gone
     */
    public List<String> durableLines(Part part) {
        return segments.lines(part);
    }

    /**
     * Commits the kept rows again after {@link #retryFirst}, doubling the wait after each failed attempt up to
     * {@link #RETRY_MAX}, until none is kept (a write, a read or a stop may have committed them meanwhile), so a
     * server that receives no write after its store recovers still writes them.
     */
    private void retryKept() {
        Duration wait = retryFirst;
        while (true) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return; // closed
            }
            writer.lock.lock();
            try {
                if (!failed.isEmpty() && !closed) {
                    drain();
                }
                if (failed.isEmpty() || closed) {
                    retrying = null;
                    return;
                }
            } finally {
                writer.lock.unlock();
            }
            wait = wait.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait.multipliedBy(2);
        }
    }

    /**
     * Stops committing kept rows on its own ({@link #RETRY_FIRST}); rows still kept are written by a later commit
     * of this log, else appended from their transaction records at the next start. The service calls it when it
     * stops, after {@link #flush()}.
     */
    public void close() {
        writer.lock.lock();
        try {
            closed = true;
            if (retrying != null) {
                retrying.interrupt();
                retrying = null;
            }
        } finally {
            writer.lock.unlock();
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(failed); // rows a failed commit kept go first, in their order
        failed.clear();
        for (Pending p; (p = queue.poll()) != null; ) {
            batch.add(p);
            queued.decrementAndGet();
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
        } catch (RuntimeException e) {
            keepFailed(batch, e);
            return;
        }
        for (Pending p : batch) {
            p.done().complete(true);
        }
        health.failingSince().ifPresent(since -> {
            LOG.info("audit append works again; " + batch.size() + " row(s) written, including those kept since "
                    + since);
            health = Health.OK;
        });
    }

    /**
     * Keeps the rows of a failed commit for the next one (the next write's, a read's or the graceful stop's flush),
     * up to {@value #MAX_KEPT}; older ones past that are given up, and a row of a central write among them is appended
     * again from its transaction record at the next start. A failed segment write may still have been applied (the
     * Hub's answer can be lost): the next commit writes the rows again and the reader skips a repeated {@code txn}.
     * Under the writer lock.
     */
    private void keepFailed(List<Pending> batch, RuntimeException e) {
        int over = Math.max(0, batch.size() - MAX_KEPT);
        for (Pending p : batch.subList(0, over)) {
            p.done().complete(false);
        }
        failed.addAll(batch.subList(over, batch.size()));
        if (retrying == null && !closed) {
            retrying = Thread.ofVirtual().name("audit-retry").start(this::retryKept);
        }
        String given = over == 0
                ? ""
                : "; " + over + " older row(s) given up (recovered from their transaction"
                        + " records at the next start)";
        Optional<Instant> since = health.failingSince();
        if (since.isEmpty()) {
            since = Optional.of(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            LOG.warn("audit append failed; " + failed.size() + " row(s) kept for the next attempt" + given, e);
        } else {
            LOG.warn("audit append still failing since " + since.get() + " (" + e.getMessage() + "); " + failed.size()
                    + " row(s) kept" + given);
        }
        health = new Health(failed.size(), since, Optional.ofNullable(e.getMessage()));
    }
}
