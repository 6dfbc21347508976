package dev.agentcollab.core.service.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.http.Sleeper;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Servers on different machines over one collaboration: who may start, who must stop. */
class WriterClaimTest {
    private static final BucketId AUDIT = BucketId.parse("acme/speed-audit");
    private static final Instant STARTED = Instant.parse("2026-12-01T08:00:00Z");
    private static final WriterClaim.Process LAPTOP = new WriterClaim.Process("collab serve", "laptop", 4242, STARTED);
    private static final WriterClaim.Process VM = new WriterClaim.Process("collab serve", "vm-1", 17, STARTED);
    private static final Predicate<WriterClaim.Process> NONE_RUNNING = p -> false;

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);

    private final List<Duration> waited = new java.util.ArrayList<>();
    /** Runs at each wait of a start, after the clock moved on: what the other servers do meanwhile. */
    private Runnable meanwhile = () -> {};

    private final Sleeper sleeper = d -> {
        waited.add(d);
        clock.advance(d);
        meanwhile.run();
    };

    private WriterClaim take(WriterClaim.Process self, Predicate<WriterClaim.Process> running) {
        return take(store, self, running);
    }

    private WriterClaim take(BucketStore on, WriterClaim.Process self, Predicate<WriterClaim.Process> running) {
        return WriterClaim.take(on, AUDIT, self, running, WriterClaim.RENEW, clock, sleeper, Duration.ZERO);
    }

    private JsonNode file() throws Exception {
        return Json.mapper()
                .readTree(store.read(AUDIT, BucketPath.of(WriterClaim.FILE)).orElseThrow());
    }

    @Test
    void aStartTakesTheClaimNamesItsAddressAndReleasesItWhenItStops() throws Exception {
        WriterClaim claim = take(LAPTOP, NONE_RUNNING);
        claim.describe("http://10.0.0.5:8080/");

        JsonNode f = file();
        assertEquals("laptop", f.path("host").asText());
        assertEquals(4242, f.path("pid").asLong());
        assertEquals("http://10.0.0.5:8080/", f.path("address").asText());
        assertEquals("2026-12-03T10:00:00Z", f.path("renewed").asText());

        claim.close();
        assertFalse(store.read(AUDIT, BucketPath.of(WriterClaim.FILE)).isPresent(), "released");
        assertTrue(claim.lost().isCancelled(), "a stop is no loss");
        take(VM, NONE_RUNNING).close(); // another machine starts at once
    }

    @Test
    void anotherMachineIsRefusedOnceItSeesTheClaimRenewedAndTakesItOverWhenItIsNot() throws Exception {
        WriterClaim first = take(LAPTOP, NONE_RUNNING);
        first.describe("http://laptop:8080/");
        clock.advance(Duration.ofSeconds(100));
        first.renew();
        clock.advance(Duration.ofSeconds(30));
        Instant[] next = {clock.instant().plus(Duration.ofSeconds(30))};
        meanwhile = () -> { // the laptop's server renews every 30 s
            if (!clock.instant().isBefore(next[0])) {
                first.renew();
                next[0] = next[0].plus(WriterClaim.RENEW);
            }
        };

        CollabException e = assertThrows(CollabException.class, () -> take(VM, NONE_RUNNING));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals(
                "another collab serve on laptop holds this collaboration (pid 4242, since 2026-12-03T10:00:00Z,"
                        + " listening on http://laptop:8080/, last renewed 2026-12-03T10:02:40Z); claim file"
                        + " .collab/serve-claim.json in the audit bucket",
                e.getMessage());
        assertEquals(
                "stop it first (its claim is released when it stops)", e.hint().orElseThrow());
        assertEquals(10, waited.size(), "refused at the first read after the renewal: " + waited);
        assertEquals("laptop", file().path("host").asText(), "a refused start writes nothing");

        meanwhile = () -> {}; // the laptop is suspended: no renewal
        waited.clear();
        WriterClaim second = take(VM, NONE_RUNNING);
        second.describe("http://vm-1:8080/");
        assertEquals("vm-1", file().path("host").asText());
        assertEquals(
                WriterClaim.EXPIRES,
                waited.stream().reduce(Duration.ZERO, Duration::plus),
                "watched for a renewal that never came");

        first.renew(); // the laptop wakes up
        assertEquals(
                "the server on vm-1 (pid 17), listening on http://vm-1:8080/ took this collaboration over: this"
                        + " server's claim was last renewed at 2026-12-03T10:02:40Z",
                first.lost().getNow(null));
        first.close();
        assertEquals("vm-1", file().path("host").asText(), "the loser neither renews nor releases the claim");
        second.renew();
        assertFalse(second.lost().isDone());
    }

    @Test
    void aClaimReleasedWhileItIsWatchedIsTakenAtOnce() throws Exception {
        WriterClaim first = take(LAPTOP, NONE_RUNNING);
        meanwhile = first::close; // a clean stop during the first wait
        WriterClaim second = take(VM, NONE_RUNNING);
        assertEquals(List.of(WriterClaim.POLL), waited);
        assertEquals("vm-1", file().path("host").asText());
        second.close();
    }

    @Test
    void aClaimIsWatchedForFourOfTheRenewalPeriodsItsHolderWrote() throws Exception {
        plant(claimOf("gpu-box", clock.instant(), ",\"renew_every_s\":2"));
        WriterClaim claim = take(VM, NONE_RUNNING);
        assertEquals(Duration.ofSeconds(8), waited.stream().reduce(Duration.ZERO, Duration::plus));
        assertTrue(waited.stream().allMatch(d -> d.equals(Duration.ofMillis(200))), waited.toString());
        assertEquals(30, file().path("renew_every_s").asLong(), "the claim taken names this server's own period");
        claim.close();
    }

    @Test
    void aClaimLastRenewedLongAgoIsTakenOverWithoutWatching() throws Exception {
        plant(claimOf("gpu-box", clock.instant().minus(WriterClaim.STALE), ""));
        WriterClaim claim = take(VM, NONE_RUNNING);
        assertEquals(List.of(), waited);
        assertEquals("vm-1", file().path("host").asText());
        claim.close();
    }

    @Test
    void aProcessOfThisMachineThatIsGoneNeverBlocksARestart() throws Exception {
        take(LAPTOP, NONE_RUNNING); // killed: never released
        WriterClaim.Process restarted =
                new WriterClaim.Process("collab serve", "laptop", 5150, STARTED.plusSeconds(600));

        CollabException e = assertThrows(CollabException.class, () -> take(restarted, p -> p.equals(LAPTOP)));
        assertTrue(e.getMessage().startsWith("another collab serve on this machine holds"), e.getMessage());

        WriterClaim claim = take(restarted, NONE_RUNNING);
        assertEquals(5150, file().path("pid").asLong());
        claim.close();
    }

    @Test
    void aSecondServerInTheSameProcessIsRefusedUntilTheFirstStops() {
        WriterClaim first = take(LAPTOP, NONE_RUNNING);
        assertThrows(CollabException.class, () -> take(LAPTOP, NONE_RUNNING));
        first.close();
        take(LAPTOP, NONE_RUNNING).close();
    }

    @Test
    void ofTwoStartsAtOnceTheOneWhoseClaimIsOverwrittenRefuses() {
        AtomicBoolean raced = new AtomicBoolean();
        BucketStore racing = new ForwardingBucketStore(store) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                super.apply(bucket, ops);
                if (raced.compareAndSet(false, true)) { // the other machine writes its claim right after ours
                    store.put(bucket, BucketPath.of(WriterClaim.FILE), claimOf("vm-1", clock.instant(), ""));
                }
            }
        };
        CollabException e = assertThrows(CollabException.class, () -> take(racing, LAPTOP, NONE_RUNNING));
        assertTrue(
                e.getMessage().startsWith("another collab serve that started at the same time holds"), e.getMessage());
    }

    @Test
    void aStoreThatRefusesARenewalLosesNothingAndTheNextRenewalWritesIt() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        BucketStore flaky = new ForwardingBucketStore(store) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (down.get()) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("Hub unreachable"));
                }
                super.apply(bucket, ops);
            }
        };
        WriterClaim claim = take(flaky, LAPTOP, NONE_RUNNING);
        down.set(true);
        clock.advance(WriterClaim.RENEW);
        claim.renew();
        assertFalse(claim.lost().isDone());
        assertEquals("2026-12-03T10:00:00Z", file().path("renewed").asText(), "not written while the store is down");
        down.set(false);
        clock.advance(WriterClaim.RENEW);
        claim.renew();
        assertEquals("2026-12-03T10:01:00Z", file().path("renewed").asText());
        claim.close();
    }

    @Test
    void aClaimFileThatIsNotJsonIsTakenOver() throws Exception {
        store.create(AUDIT, true);
        store.put(AUDIT, BucketPath.of(WriterClaim.FILE), "{half".getBytes(StandardCharsets.UTF_8));
        WriterClaim claim = take(VM, NONE_RUNNING);
        assertEquals("vm-1", file().path("host").asText());
        claim.close();
    }

    @Test
    void liveHolderNamesAServerStillRenewingOrRunningAndNothingElse() throws Exception {
        assertEquals(Optional.empty(), WriterClaim.liveHolder(store, AUDIT, clock), "no bucket");
        store.create(AUDIT, true);
        assertEquals(Optional.empty(), WriterClaim.liveHolder(store, AUDIT, clock), "no claim");
        store.put(AUDIT, BucketPath.of(WriterClaim.FILE), "{half".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), WriterClaim.liveHolder(store, AUDIT, clock), "not JSON");

        plant(claimOf(
                "vm-1",
                clock.instant().minusSeconds(30),
                ",\"program\":\"collab serve\",\"address\":\"http://vm-1:8080/\""));
        assertEquals(
                Optional.of("collab serve pid 9 on vm-1, http://vm-1:8080/, claim renewed 2026-12-03T09:59:30Z"),
                WriterClaim.liveHolder(store, AUDIT, clock),
                "another machine's claim renewed within its expiry");
        plant(claimOf("vm-1", clock.instant().minusSeconds(30), ",\"expires_after_s\":20"));
        assertEquals(Optional.empty(), WriterClaim.liveHolder(store, AUDIT, clock), "past the expiry it states");
        plant(claimOf("vm-1", clock.instant().minus(WriterClaim.EXPIRES).minusSeconds(1), ""));
        assertEquals(Optional.empty(), WriterClaim.liveHolder(store, AUDIT, clock), "past the default expiry");

        String here = WriterClaim.Process.current("test").host();
        WriterClaim.Process self = WriterClaim.Process.current("collab serve");
        plant(("{\"claim_id\":\"mine\",\"program\":\"collab serve\",\"host\":\"" + here + "\",\"pid\":" + self.pid()
                        + ",\"process_started\":\"" + self.processStarted()
                        + "\",\"renewed\":\"2020-01-01T00:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(
                WriterClaim.liveHolder(store, AUDIT, clock).orElseThrow().startsWith("collab serve pid " + self.pid()),
                "this machine: a running process holds it, however old its renewal");
        plant(new String(claimOf(here, clock.instant(), ""), StandardCharsets.UTF_8)
                .replace("\"pid\":9", "\"pid\":2147483646")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                Optional.empty(),
                WriterClaim.liveHolder(store, AUDIT, clock),
                "this machine: no process runs under its pid, however fresh its renewal");
    }

    /** Another server's claim file; {@code more} is added to its fields as written, e.g. {@code ,"x":1}. */
    private static byte[] claimOf(String host, Instant renewed, String more) {
        return ("{\"claim_id\":\"other\",\"host\":\"" + host + "\",\"pid\":9,\"process_started\":\"" + STARTED
                        + "\",\"claimed\":\"" + renewed + "\",\"renewed\":\"" + renewed + "\"" + more + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void plant(byte[] claim) {
        store.create(AUDIT, true);
        store.put(AUDIT, BucketPath.of(WriterClaim.FILE), claim);
    }
}
