package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A request's fingerprint does not depend on the iteration order of the maps in it: {@code Map.of} iterates in an
 * order drawn anew by every JVM, so a keyed retry that reaches a restarted server must still match its record.
 */
class IdempotencyFingerprintTest {
    @Test
    void aRequestWhoseMapIteratesInAnotherOrderReplaysTheFirstResult() {
        MutableClock clock = MutableClock.at("2026-06-15T12:00:00Z");
        InMemoryBucketStore store = InMemoryBucketStore.create(clock);
        BucketId central = BucketId.parse("org/central");
        store.create(central, true);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        Idempotency idempotency = new Idempotency(reads, clock);
        WriteCommit commit = new WriteCommit(
                reads,
                new AuditLog(store, BucketId.parse("org/audit"), clock),
                idempotency,
                clock,
                RandomGenerator.of("L64X128MixRandom"));
        CallContext caller = CallContext.ofToken("tok-alice").withIdempotencyKey("verdict-1");

        Map<String, Object> first = new LinkedHashMap<>();
        first.put("filename", "20260615-120000-000_agent-1.md");
        first.put("verdict", "valid");
        first.put("reason", "re-run matches");
        Map<String, Object> sameInAnotherOrder = new LinkedHashMap<>();
        sameInAnotherOrder.put("reason", "re-run matches");
        sameInAnotherOrder.put("verdict", "valid");
        sameInAnotherOrder.put("filename", "20260615-120000-000_agent-1.md");

        int[] writes = {0};
        java.util.function.Supplier<String> write = () -> {
            String path = "message_board/m" + ++writes[0] + ".md";
            commit.commit(
                    List.of(BatchOp.put(path, new byte[] {1})),
                    new AuditEvent(
                            "human-alice", "/v1/results/{filename}/verification", "server", "", path, 1, 200, Map.of()),
                    caller,
                    path);
            return path;
        };
        String answered = idempotency.run(caller, "results.verification", first, String.class, write);
        String replayed = idempotency.run(caller, "results.verification", sameInAnotherOrder, String.class, write);

        assertEquals(answered, replayed);
        assertEquals(1, writes[0]);
    }
}
