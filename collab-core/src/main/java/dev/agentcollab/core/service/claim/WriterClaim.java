package dev.agentcollab.core.service.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.Sleeper;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim of one service (a {@code collab serve}, or an application's
 * {@link dev.agentcollab.core.service.CollabService} built {@linkplain
 * dev.agentcollab.core.service.CollabService.Builder#exclusive exclusive}) on a collaboration, kept in its private
 * audit bucket ({@value #FILE}) so that services on different machines see each other: an OS lock ({@link
 * WriterLock}) sees only processes sharing a file system, and two machines serving one {@code hf://} central bucket
 * would each take the other's half-finished writes for a crash to recover and keep their own rate limits and
 * duplicate checks.
 *
 * <p>A service {@linkplain #take takes} the claim before it recovers or writes anything and {@linkplain #renew
 * renews} it every period it chose ({@link #RENEW} by default; {@code server.claim_renewal} of {@code collab
 * serve}), writing that period into it; a clean stop {@linkplain #close releases} it. A start finds the claim:
 *
 * <ul>
 *   <li>absent, released, or its own: takes it;
 *   <li>held by a process of this machine: takes it when that process is gone (a crash or {@code kill -9} never
 *       blocks a restart here), refuses while it runs;
 *   <li>held by another machine: watches it for up to {@link #EXPIRES_AFTER} of its holder's renewal periods
 *       ({@link #EXPIRES} by default), refusing (naming the holder: its host,
 *       process and address) as soon as it is renewed, taking it over when it is not (its machine crashed, or a
 *       container was replaced without a clean stop). A claim last renewed more than {@link #STALE} ago by this
 *       machine's clock is taken over without watching.
 * </ul>
 *
 * Buckets have no conditional write, so two starts within the same second can both write the claim; each re-reads
 * it after writing and refuses if the other's is there, and a renewal that finds another server's claim reports the
 * claim {@linkplain #lost() lost}, so the server stops. Thread safe.
 */
public final class WriterClaim implements AutoCloseable {
    /** Where the claim lives in the audit bucket. */
    public static final String FILE = ".collab/serve-claim.json";

    /** How often a running service renews its claim unless it chose another period. */
    public static final Duration RENEW = Duration.ofSeconds(30);

    /** How many renewal periods a claim of another machine is watched for a renewal before it is taken over. */
    public static final int EXPIRES_AFTER = 4;

    /** How long a claim of another machine renewed every {@link #RENEW} is watched before it is taken over. */
    public static final Duration EXPIRES = expires(RENEW);

    /**
     * How long, by this machine's clock, after its last renewal another machine's claim is taken over without
     * watching it: far beyond {@link #EXPIRES}, so that only clocks apart by more than this matter.
     */
    public static final Duration STALE = Duration.ofMinutes(20);

    /** How often a watched claim is read, at most (a tenth of the renewal period when that is shorter). */
    public static final Duration POLL = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(WriterClaim.class);
    private static final BucketPath PATH = BucketPath.of(FILE);

    /** The program a claim that names none was written by: only {@code collab serve} took claims before. */
    private static final String PROGRAM_BEFORE = "collab serve";

    /** The claims held by services of this process, which a start in the same process must not take over. */
    private static final java.util.Set<String> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;
    private final Duration renew;
    private final Holder holder;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    /** What {@link #lost()} hands out: follows {@link #lost}, and completing it changes nothing here. */
    private final CompletableFuture<String> lostSeen = new CompletableFuture<>();

    private java.util.concurrent.ScheduledExecutorService renewals; // guarded by this
    private volatile String address = "";
    private Instant lastRenewed;
    private boolean warned;

    /**
     * Which program in which process on which machine, as a claim names it.
     *
     * @param program what the process runs, as errors name it (e.g. {@code collab serve})
     * @param host this machine: its host name and, where it has one, its machine id
     * @param pid the process id
     * @param processStarted when the process started (a pid reused by a later process is not the holder)
     */
    public record Process(String program, String host, long pid, Instant processStarted) {
        /** Validates the fields. */
        public Process {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(processStarted, "processStarted");
        }

        /**
         * This process.
         *
         * @param program what it runs, as errors name it
         * @return its program, host, pid and start
         */
        public static Process current(String program) {
            ProcessHandle self = ProcessHandle.current();
            return new Process(
                    program,
                    MachineName.get(),
                    self.pid(),
                    self.info().startInstant().orElse(Instant.EPOCH).truncatedTo(ChronoUnit.SECONDS));
        }

        /**
         * Whether the process a claim of this machine names still runs.
         *
         * @return false when no process has its pid, or the one that has it started at another time
         */
        public boolean running() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(h -> h.info()
                            .startInstant()
                            .map(s -> s.truncatedTo(ChronoUnit.SECONDS).equals(processStarted))
                            .orElse(true))
                    .orElse(false);
        }
    }

    private record Holder(String claimId, Process process, Instant claimed) {}

    private WriterClaim(BucketStore store, BucketId bucket, InstantSource clock, Duration renew, Holder holder) {
        lost.whenComplete((reason, cancelled) -> {
            if (cancelled == null) {
                lostSeen.complete(reason);
            } else {
                lostSeen.cancel(false);
            }
        });
        this.renew = renew;
        this.store = store;
        this.bucket = bucket;
        this.clock = clock;
        this.holder = holder;
    }

    /**
     * Takes the claim, or refuses while another service holds it.
     *
     * @param store the store holding the audit bucket
     * @param bucket the collaboration's private audit bucket (created when missing)
     * @param self this process
     * @param isRunning whether a process of this machine that a claim names still runs (normally
     *     {@link Process#running()})
     * @param renew how often this service will renew the claim ({@link #RENEW} by default); it is written into the
     *     claim, and a claim found is watched for {@link #EXPIRES_AFTER} times the period its holder wrote
     * @param clock the time source of renewals and expiry
     * @param sleeper waits while another machine's claim is watched, and before the claim is read back
     * @param settle how long to wait after writing the claim before reading it back
     * @return the held claim
     * @throws CollabException {@link ErrorCode#CONFLICT} naming the service that holds it
     */
    public static WriterClaim take(
            BucketStore store,
            BucketId bucket,
            Process self,
            java.util.function.Predicate<Process> isRunning,
            Duration renew,
            InstantSource clock,
            Sleeper sleeper,
            Duration settle) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(self, "self");
        Optional<JsonNode> found = read(store, bucket);
        if (found.isPresent()) {
            JsonNode other = found.get();
            Process p = process(other);
            Instant renewed = instant(other, "renewed");
            Duration age = Duration.between(renewed, clock.instant());
            if (p.host().equals(self.host())) {
                boolean running = p.pid() == self.pid()
                        ? HELD_HERE.contains(other.path("claim_id").asText(""))
                        : isRunning.test(p);
                if (running) {
                    throw held(other, "on this machine", "stop it first (its claim is released when it stops)");
                }
                if (p.pid() != self.pid()) {
                    LOG.info(
                            "the previous server on this machine (pid {}) stopped without releasing its claim;"
                                    + " taking it over",
                            p.pid());
                }
            } else if (age.compareTo(STALE) < 0) {
                watch(store, bucket, other, clock, sleeper);
            } else {
                LOG.warn(
                        "the claim of the server on {} (pid {}), last renewed {} min ago, has expired; taking it"
                                + " over",
                        p.host(),
                        p.pid(),
                        age.toMinutes());
            }
        }
        Holder holder =
                new Holder(UUID.randomUUID().toString(), self, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        WriterClaim claim = new WriterClaim(store, bucket, clock, renew, holder);
        if (!store.exists(bucket)) {
            store.create(bucket, true);
        }
        claim.write();
        pause(sleeper, settle);
        Optional<JsonNode> now = read(store, bucket);
        if (now.isPresent() && !claim.ours(now.get())) {
            throw held(now.get(), "that started at the same time", "stop one of the two");
        }
        HELD_HERE.add(holder.claimId());
        return claim;
    }

    /**
     * Names the address the service listens on in the claim, for the error another start reports.
     *
     * @param listening the address
     */
    public synchronized void describe(String listening) {
        address = Objects.requireNonNull(listening, "listening");
        renew();
    }

    /**
     * Renews the claim every period given at {@link #take} on a daemon thread of its own, until {@link #close}.
     */
    public synchronized void startRenewing() {
        if (renewals == null) {
            renewals = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "collab-writer-claim");
                t.setDaemon(true);
                return t;
            });
            long every = renew.toMillis();
            renewals.scheduleWithFixedDelay(this::renew, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Renews the claim: reads it first, and reports it {@linkplain #lost() lost} when another server's claim is
     * there (this one had expired, or both started at once). A store that refuses is logged and tried again at the
     * next renewal.
     */
    public synchronized void renew() {
        if (lost.isDone()) {
            return;
        }
        try {
            Optional<JsonNode> now = read(store, bucket);
            if (now.isPresent() && !ours(now.get())) {
                Process p = process(now.get());
                HELD_HERE.remove(holder.claimId());
                lost.complete("the server on " + p.host() + " (pid " + p.pid() + ")"
                        + listening(now.get()) + " took this collaboration over: this server's claim was "
                        + (lastRenewed == null ? "never renewed" : "last renewed at " + lastRenewed));
                return;
            }
            write();
            if (warned) {
                LOG.info("the writer claim is renewed again");
                warned = false;
            }
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warn(
                        "could not renew the writer claim in " + bucket + " (" + e.getMessage() + "); another server"
                                + " may take this collaboration over "
                                + expires(renew).toSeconds()
                                + " s after the last renewal,"
                                + " at " + lastRenewed,
                        e);
                warned = true;
            }
        }
    }

    /**
     * Completed, with the reason, when a renewal found another service's claim: this service must stop writing.
     * Cancelled at {@link #close}.
     *
     * @return a future that completes with the reason (completing it yourself has no effect on the claim)
     */
    public CompletableFuture<String> lost() {
        return lostSeen;
    }

    /**
     * A view of a store that refuses every write once this claim is {@linkplain #lost() lost}, with {@link
     * ErrorCode#CONFLICT} and the reason; reads go on. A service writes through it, so that after another took the
     * collaboration over nothing more of this one's lands.
     *
     * @param store the store the service writes to
     * @return the guarded store
     */
    public BucketStore guard(BucketStore store) {
        return new ClaimedBucketStore(store, lost);
    }

    /**
     * Stops the renewals and releases the claim when it is still this server's (a store that refuses leaves it to
     * expire).
     */
    @Override
    public synchronized void close() {
        if (renewals != null) {
            renewals.shutdownNow();
        }
        HELD_HERE.remove(holder.claimId());
        if (lost.isDone()) {
            return;
        }
        lost.cancel(false);
        try {
            Optional<JsonNode> now = read(store, bucket);
            if (now.isPresent() && ours(now.get())) {
                store.delete(bucket, PATH);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not release the writer claim in " + bucket + "; it expires "
                            + expires(renew).toSeconds()
                            + " s after its last renewal",
                    e);
        }
    }

    private boolean ours(JsonNode claim) {
        return holder.claimId().equals(claim.path("claim_id").asText(""));
    }

    private void write() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("claim_id", holder.claimId());
        o.put("program", holder.process().program());
        o.put("host", holder.process().host());
        o.put("pid", holder.process().pid());
        o.put("process_started", holder.process().processStarted().toString());
        o.put("claimed", holder.claimed().toString());
        o.put("renewed", now.toString());
        o.put("renew_every_s", renew.toSeconds());
        o.put("expires_after_s", expires(renew).toSeconds());
        o.put("address", address);
        store.put(bucket, PATH, (o.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        lastRenewed = now;
    }

    /**
     * The server that holds the claim in {@code bucket} while it still runs, for a one-shot check such as a copy into
     * a served bucket (never to take the claim over): on this machine its process is alive; on another, the claim was
     * renewed within the {@code expires_after_s} it states.
     *
     * @param store the store holding the audit bucket
     * @param bucket the audit bucket
     * @param clock the time now
     * @return {@code "<program> pid <pid> on <host>[, <address>], claim renewed <instant>"}, or empty when no running
     *     server holds the claim (none, unreadable, or left by a server that is gone)
     */
    public static Optional<String> liveHolder(BucketStore store, BucketId bucket, InstantSource clock) {
        Optional<JsonNode> found;
        try {
            found = store.exists(bucket) ? parse(store.read(bucket, PATH)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not a claim a server could renew
        }
        return found.filter(c -> live(c, clock.instant())).map(c -> {
            Process p = process(c);
            return p.program() + " pid " + p.pid() + " on " + p.host()
                    + (c.hasNonNull("address") ? ", " + c.path("address").asText() : "")
                    + ", claim renewed " + instant(c, "renewed");
        });
    }

    private static boolean live(JsonNode claim, Instant now) {
        Process p = process(claim);
        if (p.host().equals(MachineName.get())) {
            return p.running();
        }
        long expires = claim.path("expires_after_s").asLong(EXPIRES.toSeconds());
        return instant(claim, "renewed").plusSeconds(expires).isAfter(now);
    }

    private static Optional<JsonNode> read(BucketStore store, BucketId bucket) {
        if (!store.exists(bucket)) {
            return Optional.empty();
        }
        try {
            return parse(store.read(bucket, PATH));
        } catch (IOException e) {
            LOG.warn("the writer claim {} in {} is not JSON; taking it over", FILE, bucket);
            return Optional.empty();
        }
    }

    /** A claim file's JSON, or empty when there is none or it is not an object with a claim id. */
    private static Optional<JsonNode> parse(Optional<byte[]> file) throws IOException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = Json.mapper().readTree(file.get());
        return node != null && node.isObject() && node.hasNonNull("claim_id") ? Optional.of(node) : Optional.empty();
    }

    private static Process process(JsonNode claim) {
        return new Process(
                claim.path("program").asText(PROGRAM_BEFORE),
                claim.path("host").asText("unknown host"),
                claim.path("pid").asLong(-1),
                instant(claim, "process_started"));
    }

    private static Instant instant(JsonNode claim, String field) {
        try {
            return Instant.parse(claim.path(field).asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH; // an unreadable time: treated as long past
        }
    }

    private static String listening(JsonNode claim) {
        String a = claim.path("address").asText("");
        return a.isEmpty() ? "" : ", listening on " + a;
    }

    private static CollabException held(JsonNode claim, String where, String hint) {
        Process p = process(claim);
        return CollabException.of(
                ErrorCode.CONFLICT,
                "another " + p.program() + " " + where + " holds this collaboration (pid " + p.pid() + ", since "
                        + claim.path("claimed").asText("?") + listening(claim) + ", last renewed "
                        + claim.path("renewed").asText("?") + "); claim file " + FILE + " in the audit bucket",
                hint);
    }

    /**
     * Watches another machine's claim for up to {@link #EXPIRES}: refuses as soon as it is renewed (its server
     * runs), returns when it was released or not renewed all that time (its server is gone, whatever the two
     * machines' clocks say).
     */
    private static void watch(
            BucketStore store, BucketId bucket, JsonNode claim, InstantSource clock, Sleeper sleeper) {
        Process p = process(claim);
        String id = claim.path("claim_id").asText("");
        String renewed = claim.path("renewed").asText("");
        Duration period = periodOf(claim);
        Duration poll = period.dividedBy(10).compareTo(POLL) < 0 ? period.dividedBy(10) : POLL;
        Duration expires = expires(period);
        LOG.info(
                "the server on {} (pid {}{}) claimed this collaboration, last renewed {}; waiting up to {} s to see"
                        + " whether it still runs (it renews every {} s)",
                p.host(),
                p.pid(),
                listening(claim),
                renewed,
                expires.toSeconds(),
                period.toSeconds());
        Instant until = clock.instant().plus(expires);
        Instant told = clock.instant();
        while (clock.instant().isBefore(until)) {
            pause(sleeper, poll);
            if (!clock.instant().isBefore(told.plus(period))) {
                told = clock.instant();
                LOG.info(
                        "still no renewal of the claim of {}; taking it over in {} s unless it is renewed",
                        p.host(),
                        Math.max(0, Duration.between(told, until).toSeconds()));
            }
            Optional<JsonNode> now = read(store, bucket);
            if (now.isEmpty()) {
                return; // released by a clean stop
            }
            JsonNode n = now.get();
            if (!id.equals(n.path("claim_id").asText(""))
                    || !renewed.equals(n.path("renewed").asText(""))) {
                throw held(n, "on " + process(n).host(), "stop it first (its claim is released when it stops)");
            }
        }
        LOG.warn(
                "the claim of the server on {} (pid {}) was not renewed for {} s; taking it over",
                p.host(),
                p.pid(),
                expires.toSeconds());
    }

    /** How long a claim renewed every {@code period} is watched before it is taken over. */
    private static Duration expires(Duration period) {
        return period.multipliedBy(EXPIRES_AFTER);
    }

    /** How often a claim's holder renews it, as it wrote; {@link #RENEW} for a claim that does not say. */
    private static Duration periodOf(JsonNode claim) {
        long seconds = claim.path("renew_every_s").asLong(0);
        return seconds >= 1 ? Duration.ofSeconds(seconds) : RENEW;
    }

    private static void pause(Sleeper sleeper, Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.UNAVAILABLE, "interrupted while taking the claim");
        }
    }
}
