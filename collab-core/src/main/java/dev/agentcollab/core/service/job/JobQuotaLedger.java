package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.internal.Stamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job quota (reference §7): per-agent and per-user caps over a sliding window (24 h), counted from a
 * JSONL ledger of launches, {@code {"ts","agent_id","hf_user"}} per line, kept in the audit bucket so the caps
 * survive restarts.
 *
 * <p>{@link #launchWithinQuota} checks both caps, runs the launch and records it under one lock, so concurrent
 * requests cannot both pass the check against the same ledger state. The lock is shared by every ledger of this JVM
 * that uses the same bucket and path, so two service instances over one store cannot overshoot either. A launch
 * that throws is not recorded. The ledger is rewritten pruned to the window on each launch.
 *
 * <p>Fail-closed: a ledger that cannot be read (as opposed to one that does not exist yet) fails with
 * {@code QUOTA_BACKEND_UNAVAILABLE} and {@code Retry-After: 30} before anything is launched. Lines that cannot be
 * parsed are skipped. A failed ledger write after a successful launch is logged, not thrown.
 *
 * <p>Thread safe.
 */
public final class JobQuotaLedger {
    private static final Logger LOG = LoggerFactory.getLogger(JobQuotaLedger.class);
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final BucketStore store;
    private final BucketId bucket;
    private final BucketPath path;
    private final int agentLimit;
    private final int userLimit;
    private final Duration window;
    private final InstantSource clock;
    private final ReentrantLock lock;

    /**
     * What a successful launch returns.
     *
     * @param result what the launch returned
     * @param agentRemaining launches the agent has left in the window (the full limit when the ledger write failed)
     * @param userRemaining launches the user has left in the window (likewise)
     * @param <T> the launch result type
     */
    public record Launched<T>(T result, int agentRemaining, int userRemaining) {
        /** Validates the counts. */
        public Launched {
            Objects.requireNonNull(result, "result");
            if (agentRemaining < 0 || userRemaining < 0) {
                throw new IllegalArgumentException("remaining counts must be >= 0");
            }
        }
    }

    /**
     * Creates a ledger.
     *
     * @param store the store holding the audit bucket
     * @param bucket the audit bucket
     * @param path the ledger file, e.g. {@code quota/job_ledger.jsonl}
     * @param agentLimit launches per agent per window, {@code >= 0}
     * @param userLimit launches per user per window, {@code >= 0}
     * @param window the sliding window, usually 24 h
     * @param clock the clock stamping launches
     */
    public JobQuotaLedger(
            BucketStore store,
            BucketId bucket,
            BucketPath path,
            int agentLimit,
            int userLimit,
            Duration window,
            InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.path = Objects.requireNonNull(path, "path");
        if (agentLimit < 0 || userLimit < 0) {
            throw new IllegalArgumentException("limits must be >= 0, but were " + agentLimit + " and " + userLimit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, but was " + window);
        }
        this.agentLimit = agentLimit;
        this.userLimit = userLimit;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lock = LOCKS.computeIfAbsent(bucket + "/" + path, k -> new ReentrantLock());
    }

    /**
     * Checks both caps, runs {@code launch} and records it, all under the ledger lock.
     *
     * @param agentId the launching agent
     * @param hfUser the user the agent is registered to
     * @param launch the launch; not called when a cap is reached
     * @param <T> the launch result type
     * @return the launch result and the remaining counts
     * @throws CollabException {@code RATE_LIMITED} with a retry delay when a cap is reached (the agent's is checked
     *     first); {@code QUOTA_BACKEND_UNAVAILABLE} when the ledger cannot be read; whatever {@code launch} throws
     */
    public <T> Launched<T> launchWithinQuota(String agentId, String hfUser, Supplier<T> launch) {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(launch, "launch");
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Entry> entries = load(now);
            int agentUsed = count(entries, agentId, true);
            int userUsed = count(entries, hfUser, false);
            if (agentUsed >= agentLimit) {
                long retry = retryAfter(entries, agentId, true, now);
                throw CollabException.retryAfter(
                        ErrorCode.RATE_LIMITED,
                        "agent '" + agentId + "' has hit its limit of " + agentLimit + " jobs per 24h; retry after "
                                + retry + "s",
                        Duration.ofSeconds(retry));
            }
            if (userUsed >= userLimit) {
                long retry = retryAfter(entries, hfUser, false, now);
                throw CollabException.retryAfter(
                        ErrorCode.RATE_LIMITED,
                        "hf_user '" + hfUser + "' has hit its limit of " + userLimit + " jobs per 24h; retry after "
                                + retry + "s",
                        Duration.ofSeconds(retry));
            }
            T result = launch.get();
            entries.add(new Entry(clock.instant(), agentId, hfUser));
            try {
                store.put(bucket, path, render(entries));
            } catch (RuntimeException e) {
                LOG.warn("job ledger write failed; launch " + agentId + "/" + hfUser + " not persisted", e);
                return new Launched<>(result, agentLimit, userLimit);
            }
            return new Launched<>(result, agentLimit - agentUsed - 1, userLimit - userUsed - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Launches recorded in the window ending now, oldest first (for dashboards and tests).
     *
     * @return the in-window entries
     * @throws CollabException {@code QUOTA_BACKEND_UNAVAILABLE} when the ledger cannot be read
     */
    public List<Entry> inWindow() {
        lock.lock();
        try {
            return List.copyOf(load(clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    private List<Entry> load(Instant now) {
        Optional<byte[]> raw;
        try {
            raw = store.read(bucket, path);
        } catch (RuntimeException e) {
            LOG.warn("job ledger read failed", e);
            throw new CollabException(
                    ErrorCode.QUOTA_BACKEND_UNAVAILABLE,
                    "could not verify the job quota (quota storage temporarily unavailable); no job was launched",
                    "retry shortly",
                    Duration.ofSeconds(30),
                    e);
        }
        List<Entry> entries = new ArrayList<>();
        if (raw.isEmpty()) {
            return entries;
        }
        Instant cutoff = now.minus(window);
        for (String line : new String(raw.get(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            parse(line.strip()).filter(e -> e.ts().isAfter(cutoff)).ifPresent(entries::add);
        }
        return entries;
    }

    private static Optional<Entry> parse(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            String agent = node.path("agent_id").asText(null);
            String user = node.path("hf_user").asText(null);
            String ts = node.path("ts").asText(null);
            if (agent == null || user == null || ts == null) {
                LOG.warn("skipping incomplete job-ledger line: " + abbreviate(line));
                return Optional.empty();
            }
            return Optional.of(new Entry(Instant.parse(ts), agent, user));
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("skipping bad job-ledger line: " + abbreviate(line));
            return Optional.empty();
        }
    }

    private static byte[] render(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("ts", Stamps.iso(e.ts()));
            node.put("agent_id", e.agentId());
            node.put("hf_user", e.hfUser());
            out.append(node).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int count(List<Entry> entries, String key, boolean byAgent) {
        return (int) entries.stream()
                .filter(e -> key.equals(byAgent ? e.agentId() : e.hfUser()))
                .count();
    }

    private long retryAfter(List<Entry> entries, String key, boolean byAgent, Instant now) {
        Optional<Instant> oldest = entries.stream()
                .filter(e -> key.equals(byAgent ? e.agentId() : e.hfUser()))
                .map(Entry::ts)
                .min(Instant::compareTo);
        if (oldest.isEmpty()) {
            return 1;
        }
        long seconds = Duration.between(now, oldest.get().plus(window)).toSeconds();
        return Math.max(1, seconds + 1);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    /**
     * One recorded launch.
     *
     * @param ts when it was launched
     * @param agentId the agent
     * @param hfUser the agent's user
     */
    public record Entry(Instant ts, String agentId, String hfUser) {
        /** Validates the entry. */
        public Entry {
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(hfUser, "hfUser");
        }
    }
}
