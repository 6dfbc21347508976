package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Idempotency keys (docs/storage-design.md §4): a write called with a key runs once; a repeat with the same key
 * and the same request returns the stored result of the first call without running the write again, across
 * restarts, for {@link #TTL}; the same key with another request fails with {@code IDEMPOTENCY_MISMATCH}.
 *
 * <p>A key is scoped to the caller's bearer token: {@code h = sha256(sha256(bearer) "\n" key)}. The record lives
 * at {@code .collab/idempotency/<h>.json} in the central bucket and is written by {@link WriteCommit} in the same
 * batch as the write it describes, and names the file that write stands for: it counts only while that file
 * exists, so on a store that applies a batch in part (the Hub) a record left without its write is ignored. Lookups go through
 * a bounded in-memory cache ({@value #CACHE_SIZE} records), then the store. Concurrent calls with one key are
 * serialised: the second waits for the first, then replays its result. A write that fails records nothing, so its
 * retry runs again. Thread safe.
 */
public final class Idempotency {
    /** Where the records live in the central bucket. */
    public static final String PREFIX = ".collab/idempotency/";
    /** How long a record is kept (the contract promises at least 24 h). */
    public static final Duration TTL = Duration.ofHours(48);

    static final int CACHE_SIZE = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectWriter FINGERPRINT =
            Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final ReadModel reads;
    private final InstantSource clock;
    private final Map<String, Stored> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final Cache<String, Unfinished> unfinished;
    private final Set<String> inFlight = new HashSet<>();
    private final ThreadLocal<Pending> current = new ThreadLocal<>();

    /** A keyed write in progress on this thread: its caller (by identity), scope hash and request hash. */
    private record Pending(CallContext caller, String scope, String requestSha256) {}

    /**
     * A keyed write whose effect outside the central bucket happened (a job launched) but whose commit failed: a
     * retry with the key finishes it (commits its audit row and record) instead of running the write again.
     */
    private record Unfinished(CallContext caller, String requestSha256, Supplier<?> finish) {}

    /** A stored record. */
    private record Stored(String txn, Instant created, String requestSha256, JsonNode response, String primary) {}

    /**
     * A record prepared for the batch of a keyed write; {@link #committed()} after the batch applied.
     *
     * @param op the put of the record
     * @param scope the scope hash
     * @param stored the record
     */
    public record Prepared(BatchOp op, String scope, Object stored) {
        /** Checks for nulls. */
        public Prepared {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(stored, "stored");
        }
    }

    /**
     * Creates the registry.
     *
     * @param reads the read model of the central bucket
     * @param clock the time source for record ages
     */
    public Idempotency(ReadModel reads, InstantSource clock) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unfinished = Caches.expiring(CACHE_SIZE, TTL, clock);
    }

    /**
     * Runs a write at most once per idempotency key of the caller.
     *
     * @param caller the call context; without a key the write simply runs
     * @param operation the operation's stable name, e.g. {@code board.post}
     * @param request the request (serialised to JSON to fingerprint it)
     * @param type the result type, to decode a stored result
     * @param write the write; it must commit through {@link WriteCommit} with this {@code caller}
     * @param <T> the result type
     * @return the result of the write, or the stored result of the first call with this key
     * @throws CollabException {@code IDEMPOTENCY_MISMATCH} when the key was used for another request
     */
    public <T> T run(CallContext caller, String operation, Object request, Class<T> type, Supplier<T> write) {
        if (caller.idempotencyKey().isEmpty()) {
            return write.get();
        }
        String scope = Hashes.sha256((Hashes.sha256(caller.bearer().orElse("").getBytes(StandardCharsets.UTF_8)) + "\n"
                        + caller.idempotencyKey().get())
                .getBytes(StandardCharsets.UTF_8));
        String requestSha256 = Hashes.sha256((operation + "\n" + canonical(request)).getBytes(StandardCharsets.UTF_8));
        claim(scope);
        try {
            Unfinished open = unfinished.getIfPresent(scope);
            if (open != null) {
                if (!open.requestSha256().equals(requestSha256)) {
                    throw mismatch();
                }
                Pending previous = current.get();
                current.set(new Pending(open.caller(), scope, requestSha256)); // the caller finish commits as
                try {
                    T result = type.cast(open.finish().get());
                    unfinished.invalidate(scope);
                    return result;
                } finally {
                    restore(previous);
                }
            }
            Optional<Stored> stored = lookup(scope);
            if (stored.isPresent()) {
                if (!stored.get().requestSha256().equals(requestSha256)) {
                    throw mismatch();
                }
                return decode(stored.get().response(), type);
            }
            Pending previous = current.get();
            current.set(new Pending(caller, scope, requestSha256));
            try {
                return write.get();
            } finally {
                restore(previous);
            }
        } finally {
            release(scope);
        }
    }

    private void restore(Pending previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }

    private static CollabException mismatch() {
        return CollabException.of(
                ErrorCode.IDEMPOTENCY_MISMATCH,
                "Idempotency-Key was already used for another request",
                "send a fresh key for a new write; reuse a key only to retry the identical request");
    }

    /**
     * Keeps, in memory, how to finish the keyed write in progress on this thread whose effect outside the central
     * bucket cannot be undone (a launched job) but whose commit failed: a retry with the same key and request runs
     * {@code finish} (which commits through {@link WriteCommit}, adding the record) and answers its result, instead
     * of running the write again. Kept for {@link #TTL}, at most {@value #CACHE_SIZE} writes, and lost with the
     * process. A no-op for a call without a key.
     *
     * @param caller the caller whose write failed to commit (compared by identity)
     * @param finish commits the write's records and returns its result
     */
    public void keepUnfinished(CallContext caller, Supplier<?> finish) {
        Pending p = current.get();
        if (p == null || p.caller() != caller) {
            return;
        }
        unfinished.put(p.scope(), new Unfinished(caller, p.requestSha256(), finish));
    }

    /**
     * Gives a record back to the keyed write on this thread when its batch failed, so that the write's next commit
     * (a retry of it) carries the record again.
     *
     * @param caller the caller whose write is being committed
     * @param prepared the record of the failed batch
     */
    void notCommitted(CallContext caller, Prepared prepared) {
        if (current.get() == null) {
            current.set(new Pending(caller, prepared.scope(), ((Stored) prepared.stored()).requestSha256()));
        }
    }

    /**
     * The record for the keyed write in progress on this thread for this caller, if any; consumed, so a nested
     * write never takes it.
     *
     * @param caller the caller whose write is being committed (compared by identity)
     * @param txn the write's transaction id
     * @param result the write's result
     * @param status the HTTP status of the success
     * @param primary the file the write stands for ({@link WriteCommit#primary}), or {@code null}
     * @return the record to add to the batch
     */
    Optional<Prepared> prepare(CallContext caller, String txn, Object result, int status, String primary) {
        Pending p = current.get();
        if (p == null || p.caller() != caller) {
            return Optional.empty();
        }
        current.remove();
        Instant now = clock.instant();
        JsonNode response = Json.mapper().valueToTree(result);
        Stored stored = new Stored(txn, now, p.requestSha256(), response, primary);
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("txn", txn);
        json.put("created", Stamps.iso(now));
        json.put("request_sha256", p.requestSha256());
        json.put("status", status);
        json.put("type", result.getClass().getName());
        if (primary != null) {
            json.put("primary", primary);
        }
        json.set("response", response);
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("idempotency record not serialisable", e);
        }
        return Optional.of(new Prepared(BatchOp.put(path(p.scope()), bytes), p.scope(), stored));
    }

    /**
     * Remembers a record whose batch applied.
     *
     * @param prepared the record
     */
    void committed(Prepared prepared) {
        synchronized (this) {
            cache.put(prepared.scope(), (Stored) prepared.stored());
        }
    }

    /**
     * Whether a stored record's age exceeds the TTL.
     *
     * @param lastModified when the record was written
     * @return {@code true} when it may be deleted
     */
    boolean expired(Instant lastModified) {
        return lastModified.plus(TTL).isBefore(clock.instant());
    }

    private Optional<Stored> lookup(String scope) {
        Stored hit;
        synchronized (this) {
            hit = cache.get(scope);
        }
        if (hit == null) {
            hit = reads.read(path(scope))
                    .flatMap(Idempotency::parse)
                    .filter(this::live)
                    .orElse(null);
        }
        if (hit == null || hit.created().plus(TTL).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(hit);
    }

    /**
     * Whether a stored record stands for a write that exists: a record whose file is missing was left by a batch
     * applied in part (the Hub's batch is not transactional) whose removal failed too; it is ignored, so the retry
     * runs the write again and its batch replaces the record. Records held in the cache were written by batches that
     * applied whole.
     */
    private boolean live(Stored stored) {
        return stored.primary() == null || reads.exists(stored.primary());
    }

    private static Optional<Stored> parse(byte[] bytes) {
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            return Optional.of(new Stored(
                    n.path("txn").asText(),
                    Instant.parse(n.path("created").asText()),
                    n.path("request_sha256").asText(),
                    n.path("response"),
                    n.hasNonNull("primary") ? n.get("primary").asText() : null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable record is treated as absent: the write runs again
        }
    }

    private static <T> T decode(JsonNode response, Class<T> type) {
        try {
            return Json.mapper().treeToValue(response, type);
        } catch (JsonProcessingException e) {
            throw new CollabException(
                    ErrorCode.INTERNAL,
                    "stored idempotent response cannot be decoded: " + e.getMessage(),
                    null,
                    null,
                    e);
        }
    }

    /**
     * The request as JSON, with the entries of every map in key order: a map's iteration order is no property of
     * the request ({@code Map.of} draws it anew in every JVM), so without sorting a keyed retry that reached a
     * restarted server could be refused as another request.
     */
    private static String canonical(Object request) {
        try {
            return FINGERPRINT.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request not serialisable", e);
        }
    }

    private static String path(String scope) {
        return PREFIX + scope + ".json";
    }

    private void claim(String scope) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (inFlight) {
            while (inFlight.contains(scope)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw CollabException.of(
                            ErrorCode.UNAVAILABLE, "a request with this Idempotency-Key is still running; retry");
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(inFlight, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CollabException.of(ErrorCode.UNAVAILABLE, "interrupted while waiting for a request");
                }
            }
            inFlight.add(scope);
        }
    }

    private void release(String scope) {
        synchronized (inFlight) {
            inFlight.remove(scope);
            inFlight.notifyAll();
        }
    }
}
