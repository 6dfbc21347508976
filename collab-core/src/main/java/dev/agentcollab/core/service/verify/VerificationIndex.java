package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.Stamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification index {@code results/verification_status.json} (reference §8): a flat JSON object from result
 * filename to {@code pending}, {@code valid} or {@code invalid}, written sorted with two-space indent and a trailing
 * newline so humans can edit it.
 *
 * <ul>
 *   <li>{@link #markPending(String)} inserts {@code pending} for a new result and never touches an existing
 *       entry, whatever its value.
 *   <li>{@link #setVerdict} is the verifier's compare-and-set: it writes only over an absent or {@code pending}
 *       entry, or over the verifier's own last verdict (recorded privately in
 *       {@code <runsPrefix>/<filename>/verdict.json} in the audit bucket). Any other value was set by a human and
 *       wins.
 *   <li>Fail safe: an index that cannot be read or parsed is never written (that would erase every human verdict).
 * </ul>
 *
 * <p>Read-modify-write cycles are serialised by a lock shared by every index of this JVM over the same bucket.
 * Thread safe.
 */
public final class VerificationIndex {
    /** The index path in the central bucket. */
    public static final String PATH = "results/verification_status.json";

    private static final Logger LOG = LoggerFactory.getLogger(VerificationIndex.class);
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final BucketStore store;
    private final IndexFile file;
    private final BucketId audit;
    private final String runsPrefix;
    private final InstantSource clock;
    private final ReentrantLock lock;
    private final Map<String, String[]> reasons = new ConcurrentHashMap<>();

    /** What {@link #setVerdict} did. */
    public enum Outcome {
        /** The index was updated and the private ledger recorded the verdict. */
        WRITTEN,
        /** A human verdict is in place and was left alone. */
        DEFERRED,
        /** The index could not be read or parsed; nothing was written. */
        SKIPPED
    }

    /**
     * Creates the index.
     *
     * @param store the store holding both buckets
     * @param central the central bucket (holds the index)
     * @param audit the private audit bucket (holds the verifier's ledger)
     * @param runsPrefix the folder of verification runs in the audit bucket, e.g. {@code verification_runs}
     * @param clock stamps ledger records
     */
    public VerificationIndex(
            BucketStore store, BucketId central, BucketId audit, String runsPrefix, InstantSource clock) {
        this(store, central, audit, runsPrefix, clock, ops -> store.apply(central, ops));
    }

    /**
     * Creates an index whose writes of the central bucket go through a given writer: the service passes its read
     * model's, so that the read model knows these writes for its own (a write it does not know of makes it list
     * the central bucket's views again at their next TTL).
     *
     * @param store the store holding the central and the audit buckets (read directly)
     * @param central the central bucket
     * @param audit the private audit bucket (verdict ledger records)
     * @param runsPrefix the folder of verification runs in the audit bucket
     * @param clock the time source
     * @param centralWriter applies a batch to the central bucket
     */
    public VerificationIndex(
            BucketStore store,
            BucketId central,
            BucketId audit,
            String runsPrefix,
            InstantSource clock,
            Consumer<List<BatchOp>> centralWriter) {
        this.store = Objects.requireNonNull(store, "store");
        this.file = new IndexFile(store, Objects.requireNonNull(central, "central"), PATH, centralWriter);
        this.audit = Objects.requireNonNull(audit, "audit");
        this.runsPrefix = Objects.requireNonNull(runsPrefix, "runsPrefix").replaceAll("^/+|/+$", "");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lock = LOCKS.computeIfAbsent(central + "/" + PATH, k -> new ReentrantLock());
    }

    /**
     * The index for reading: absent or unreadable means every result is {@code pending}. Non-string values are
     * reported as their JSON text. The file is parsed once per content: a read costs one listing of its entry while
     * the file is unchanged, and a human edit shows on the next read.
     *
     * @return filename to state, unmodifiable
     */
    public Map<String, String> read() {
        Optional<SortedMap<String, String>> cached = file.cached();
        if (cached.isPresent()) {
            return cached.get();
        }
        lock.lock();
        try {
            return file.load().<Map<String, String>>map(m -> m).orElseGet(Map::of);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The generation of a map {@link #read()} returned: a number that grows with each content of the index this
     * service parsed or wrote.
     *
     * @param entries a map from {@link #read()}
     * @return its generation, or {@code -1} when it is not the latest content known
     */
    public long generationOf(Map<String, String> entries) {
        return file.generationOf(entries);
    }

    /**
     * The results whose entries this service's own writes set between two generations of the index; no other entry
     * differs between them.
     *
     * @param from the earlier generation
     * @param to the later one
     * @return the filenames, or empty when an edit made elsewhere came between (or the writes are too many to keep)
     */
    public Optional<Set<String>> changedBetween(long from, long to) {
        return file.changedBetween(from, to);
    }

    /**
     * The content hash of the stored index, which changes with every verdict; cheaper than {@link #read()}.
     *
     * @return the hash, {@code ""} when there is no index, or empty when the store cannot be listed
     */
    public Optional<String> fingerprint() {
        return file.fingerprint();
    }

    /**
     * The state of one result.
     *
     * @param filename the result's filename
     * @return its state, {@code pending} when absent
     */
    public String stateOf(String filename) {
        return read().getOrDefault(filename, Verification.PENDING);
    }

    /**
     * Inserts {@code pending} for a result that has no entry. Best effort: never throws.
     *
     * @param filename the result's filename
     * @return whether an entry was inserted
     */
    public boolean markPending(String filename) {
        lock.lock();
        try {
            Optional<SortedMap<String, String>> data = file.load();
            if (data.isEmpty() || data.get().containsKey(filename)) {
                return false;
            }
            writeEntry(data.get(), filename, Verification.PENDING);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("verification index write failed for " + filename, e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records an automated verdict unless a human verdict is in place.
     *
     * @param filename the result's filename
     * @param state {@code valid} or {@code invalid}
     * @param by the verifier's agent id
     * @param details extra facts for the private ledger (re-run score, deltas, job id)
     * @return what happened
     * @throws IllegalArgumentException when {@code state} is not {@code valid} or {@code invalid}
     * @throws dev.agentcollab.api.error.CollabException when the index write itself fails
     */
    public Outcome setVerdict(String filename, String state, String by, Map<String, Object> details) {
        return setVerdict(filename, state, by, details, null);
    }

    /**
     * Records an automated verdict whose index write is committed by the caller, in the caller's batch (the verdict's
     * announcement): the index changes exactly when that batch commits, and the private ledger records the verdict
     * after it.
     *
     * @param filename the result's filename
     * @param state {@code valid} or {@code invalid}
     * @param by the verifier's agent id
     * @param details extra facts for the private ledger
     * @param commit commits the index's operations with the rest of its batch; {@code null}: the index is written
     *     on its own
     * @return what happened
     * @throws IllegalArgumentException when {@code state} is not {@code valid} or {@code invalid}
     * @throws dev.agentcollab.api.error.CollabException what the index write or {@code commit} throws; nothing was
     *     written then
     */
    public Outcome setVerdict(
            String filename, String state, String by, Map<String, Object> details, Consumer<List<BatchOp>> commit) {
        if (!Verification.VALID.equals(state) && !Verification.INVALID.equals(state)) {
            throw new IllegalArgumentException("verdict must be 'valid' or 'invalid', but was '" + state + "'");
        }
        lock.lock();
        try {
            Optional<SortedMap<String, String>> data = file.load();
            if (data.isEmpty()) {
                LOG.error("verification index unreadable; verdict for " + filename + " not written");
                return Outcome.SKIPPED;
            }
            String current = data.get().get(filename);
            if (current != null
                    && !Verification.PENDING.equals(current)
                    && !current.equals(ledgerState(filename).orElse(null))) {
                LOG.info("deferring to the human verdict for " + filename + ": " + current);
                return Outcome.DEFERRED;
            }
            SortedMap<String, String> next = new TreeMap<>(data.get());
            next.put(filename, state);
            if (commit == null) {
                file.write(next, data.get(), filename);
            } else {
                file.write(next, data.get(), filename, commit);
            }
            Object reason = details.get("reason");
            // The index is updated; a missing ledger record only makes a later re-verify defer. Safe direction.
            recordInLedger(filename, state, by, details, reason == null ? null : reason.toString());
            return Outcome.WRITTEN;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the private ledger record of a verdict the verifier committed to the index (with its announcement) but
     * could not record: only while the index still holds that verdict and the ledger has no record of the result.
     *
     * @param filename the result's filename
     * @param state the verdict the index holds
     * @param by the verifier's agent id
     * @param details facts for the private ledger
     * @return whether the record was written
     */
    public boolean recordOwnVerdict(String filename, String state, String by, Map<String, Object> details) {
        lock.lock();
        try {
            Optional<SortedMap<String, String>> data = file.load();
            if (data.isEmpty()
                    || !state.equals(data.get().get(filename))
                    || ledger(filename).isPresent()) {
                return false;
            }
            Object reason = details.get("reason");
            recordInLedger(filename, state, by, details, reason == null ? null : reason.toString());
            return ledger(filename).isPresent();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records an organizer's verdict: it replaces whatever the index holds for the result, and the private ledger
     * records it as a human's, so the verifier defers to it from then on ({@link #setVerdict} overwrites only
     * {@code pending} or its own last verdict).
     *
     * @param filename the result's filename
     * @param state {@code valid}, {@code invalid} or {@code pending}
     * @param by the organizer's handle, e.g. {@code human-alice}
     * @param reason why, as the organizer wrote it
     * @return the state before ({@code pending} when the result had no entry)
     * @throws CollabException {@code UNAVAILABLE} when the index cannot be read or
     *     parsed (it is never overwritten then), or the write's own failure
     */
    public String setHumanVerdict(String filename, String state, String by, String reason) {
        return setHumanVerdict(filename, state, by, reason, null);
    }

    /**
     * Records an organizer's verdict whose index write is committed by the caller, in the caller's batch (the
     * verdict's announcement with its audit and idempotency records): the index changes exactly when that batch
     * commits, so a failed call leaves the verdict as it was.
     *
     * @param filename the result's filename
     * @param state the new state
     * @param by the organizer's handle
     * @param reason why
     * @param commit given the state before and the index's operations, commits them with the rest of its batch;
     *     {@code null}: the index is written on its own and the state before is returned
     * @param <R> what {@code commit} returns
     * @return what {@code commit} returned
     * @throws CollabException {@code UNAVAILABLE} when the stored index cannot be read; what {@code commit} throws
     */
    @SuppressWarnings("unchecked")
    public <R> R setHumanVerdict(
            String filename,
            String state,
            String by,
            String reason,
            java.util.function.BiFunction<String, List<BatchOp>, R> commit) {
        lock.lock();
        try {
            Optional<SortedMap<String, String>> data = file.load();
            if (data.isEmpty()) {
                throw CollabException.of(
                        ErrorCode.UNAVAILABLE,
                        "the verification index " + PATH + " cannot be read; it is left as it is",
                        "repair or remove " + PATH + " in the central bucket, then give the verdict again");
            }
            String previous = data.get().getOrDefault(filename, Verification.PENDING);
            SortedMap<String, String> next = new TreeMap<>(data.get());
            next.put(filename, state);
            List<R> committed = new java.util.ArrayList<>(1);
            if (commit == null) {
                file.write(next, data.get(), filename);
                committed.add((R) previous);
            } else {
                file.write(next, data.get(), filename, ops -> committed.add(commit.apply(previous, ops)));
            }
            // Without this record the verifier could still take a result whose verdict equals its own last one.
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("human", true);
            facts.put("reason", reason);
            recordInLedger(filename, state, by, facts, reason);
            return committed.get(0);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the index as loaded with one entry set (under the lock). */
    private void writeEntry(SortedMap<String, String> loaded, String filename, String state) {
        SortedMap<String, String> next = new TreeMap<>(loaded);
        next.put(filename, state);
        file.write(next, loaded, filename);
    }

    /**
     * Writes a verdict's record into the private ledger, after the facts given, and keeps its reason. A failed write
     * is logged, not thrown: the index already holds the verdict.
     */
    private void recordInLedger(String filename, String state, String by, Map<String, Object> facts, String reason) {
        Map<String, Object> record = new LinkedHashMap<>(facts);
        record.put("filename", filename);
        record.put("state", state);
        record.put("by", by);
        record.put("at", Stamps.iso(clock.instant()));
        reasons.put(filename, new String[] {state, reason});
        try {
            store.put(audit, ledgerPath(filename), (PrettyJson.write(record) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("verdict ledger write failed for " + filename, e);
        }
    }

    /**
     * Why a result has its current state, from the private ledger: the verifier's reason (the numbers compared and
     * the tolerances) or the one an organizer gave with their verdict. Read once per result and kept; a verdict
     * written through this index replaces it.
     *
     * @param filename the result's filename
     * @param state the result's state in the index
     * @return the reason, or empty when none was recorded for this state or the ledger cannot be read
     */
    public Optional<String> ledgerReason(String filename, String state) {
        String[] entry = reasons.computeIfAbsent(filename, f -> {
            Optional<JsonNode> record = ledger(f);
            return new String[] {
                text(record, "state").orElse(null), text(record, "reason").orElse(null)
            };
        });
        return state.equals(entry[0]) ? Optional.ofNullable(entry[1]) : Optional.empty();
    }

    /**
     * The verdict the verifier last wrote for a result, from its private ledger.
     *
     * @param filename the result's filename
     * @return the state, or empty when none was recorded, the last record is an organizer's verdict, or the ledger
     *     cannot be read
     */
    public Optional<String> ledgerState(String filename) {
        Optional<JsonNode> record = ledger(filename);
        return text(record, "human").map(Boolean::parseBoolean).orElse(false)
                ? Optional.empty()
                : text(record, "state");
    }

    /** A result's ledger record, read once; empty when there is none or it cannot be read. */
    private Optional<JsonNode> ledger(String filename) {
        try {
            Optional<byte[]> raw = store.read(audit, ledgerPath(filename));
            return raw.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(Json.mapper().readTree(raw.get()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("verdict ledger unreadable for " + filename, e);
            return Optional.empty();
        }
    }

    private static Optional<String> text(Optional<JsonNode> record, String field) {
        return record.map(node -> node.get(field)).filter(v -> !v.isNull()).map(JsonNode::asText);
    }

    private BucketPath ledgerPath(String filename) {
        return BucketPath.of((runsPrefix.isEmpty() ? "" : runsPrefix + "/") + filename + "/verdict.json");
    }

    /**
     * The current instant, for callers that stamp verification files.
     *
     * @return now
     */
    Instant now() {
        return clock.instant();
    }
}
