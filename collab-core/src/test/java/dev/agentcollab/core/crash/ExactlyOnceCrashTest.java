package dev.agentcollab.core.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.http.ClientConfig;
import dev.agentcollab.core.http.CollabClient;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.WriteCommit;
import dev.agentcollab.core.service.job.JobLedger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes: concurrent agents write over HTTP to a server in a child JVM, which is killed with
 * SIGKILL at random points and restarted; every write whose answer was lost is retried with its idempotency key
 * until acknowledged. Then, from the files: every logical write landed exactly once (and as the filename it was
 * acknowledged with), every committed write has exactly one audit row and no audit row lacks its write, promotion
 * dedup and idempotency replays survived the restarts, and every job is in a final state with nothing left open.
 *
 * <p>The default run (4 kills, 4 agents, 24 writes each) takes 12–25 s on two idle cores; its deadline of 300 s is
 * a bound on liveness for a loaded machine (at a load average of 20 it needed more than 110 s). The longer run is the same
 * test with system properties, e.g.
 * {@code mvn -B -o -pl collab-core -am test -Dtest=ExactlyOnceCrashTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcrash.kills=15 -Dcrash.agents=8 -Dcrash.writes=40 -Dcrash.seconds=600} (see docs/collab-service.md).
 */
@Timeout(900)
class ExactlyOnceCrashTest {
    private static final int KILLS = Integer.getInteger("crash.kills", 4);
    private static final int AGENTS = Integer.getInteger("crash.agents", 4);
    private static final int WRITES = Integer.getInteger("crash.writes", 24);
    private static final long SECONDS = Long.getLong("crash.seconds", 300);
    private static final String HARNESS =
            """
            state=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --state-dir) state="$2"; shift 2;;
                *) shift;;
              esac
            done
            sleep 2
            printf '{"tokens_per_s": 1.0}' > "$state/summary.json"
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps its buckets and server logs to look at
    Path dir;

    private final CollabConfig config = CrashServerMain.config();
    private final AtomicReference<URI> base = new AtomicReference<>();
    private final Map<String, String> acked = new ConcurrentHashMap<>(); // body marker -> acknowledged filename
    private final Map<String, JobLaunch> jobs = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger acks = new java.util.concurrent.atomic.AtomicInteger();
    private int kills;
    private long deadline;
    private Process server;
    private int started;

    @Test
    void everyWriteLandsExactlyOnceWithOneAuditRowAcrossKills() throws Exception {
        deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        seed();
        startServer();
        List<Thread> writers = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            int agent = a;
            writers.add(Thread.ofPlatform().name("writer-" + a).start(() -> {
                try {
                    writeAll(agent);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        Random random = new Random(42);
        for (int k = 0; k < KILLS && writers.stream().anyMatch(Thread::isAlive); k++) {
            int before = acks.get();
            while (acks.get() < before + 3 && writers.stream().anyMatch(Thread::isAlive)) {
                if (System.nanoTime() > deadline) {
                    fail("no write was acknowledged before the deadline");
                }
                Thread.sleep(5); // kill only while writes flow
            }
            Thread.sleep(random.nextInt(100)); // lands the kill at a different point each time
            server.destroyForcibly().waitFor(); // SIGKILL
            kills++;
            startServer();
        }
        for (Thread w : writers) {
            w.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            assertTrue(!w.isAlive(), "writer still running at the deadline");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a writer failed", failures.getFirst());
        }
        server.destroyForcibly().waitFor(); // one more kill once everything is acknowledged
        kills++;
        startServer(); // recovery and job reconciliation run before it serves
        try {
            checkReplaysAfterRestart();
        } finally {
            server.destroyForcibly().waitFor();
        }
        verifyFiles();
    }

    /** A run that failed part-way leaves no server behind (its child JVM would otherwise run on, serving nothing). */
    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    private void seed() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("buckets"))) {
            store.create(config.centralBucket(), true);
            store.put(
                    config.centralBucket(),
                    BucketPath.of("shared_resources/harness/run.sh"),
                    HARNESS.getBytes(StandardCharsets.UTF_8));
            for (int a = 0; a < AGENTS; a++) {
                BucketId bucket = config.agentBucket(agent(a));
                store.create(bucket, true);
                store.put(bucket, BucketPath.of(".bucket-sync-handshake"), ("user" + a + "\n").getBytes());
                store.put(bucket, BucketPath.of("submissions/v1/model.txt"), "tiny".getBytes());
                for (int i = 0; i < WRITES; i++) {
                    if (isPromotion(i)) {
                        store.put(
                                bucket, BucketPath.of("msgs/m" + i + ".md"), ("src-" + a + "-" + i + "\n").getBytes());
                    }
                }
            }
        }
    }

    private static String agent(int a) {
        return "agent-" + a;
    }

    private static boolean isPromotion(int i) {
        return i % 4 == 3;
    }

    private static boolean isJob(int i) {
        return i == 5 || i == 17;
    }

    private void writeAll(int a) throws Exception {
        String id = agent(a);
        once(a, "reg-" + a, c -> c.agents().register(RegisterRequest.of(id, "gemma", "codex", List.of())));
        for (int i = 0; i < WRITES; i++) {
            String key = "w-" + a + "-" + i;
            String runPrefix = "runs/r" + i;
            if (isJob(i)) {
                JobLaunch launch = once(a, key, c -> c.jobs().run(new JobRunRequest(id, "submissions/v1", runPrefix)));
                jobs.put(key, launch);
            } else if (isPromotion(i)) {
                String source = "hf://buckets/" + config.agentBucket(id) + "/msgs/m" + i + ".md";
                PostReceipt r = once(a, key, c -> c.board().post(MessagePost.fromSource(source)));
                assertTrue(acked.put("src-" + a + "-" + i, r.filename()) == null);
            } else {
                String body = "raw-" + a + "-" + i;
                PostReceipt r = once(a, key, c -> c.board().post(MessagePost.raw(id, body)));
                assertTrue(acked.put(body, r.filename()) == null);
            }
        }
    }

    /** Sends one logical write until it is acknowledged, always under the same key. */
    private <T> T once(int agent, String key, Function<Collab, T> write) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            URI uri = base.get();
            try (CollabClient client = CollabClient.create(ClientConfig.custom(uri)
                    .token("tok-" + agent)
                    .maxAttempts(1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .requestTimeout(Duration.ofSeconds(20))
                    .build())) {
                T result = client.withIdempotencyKey(key, write);
                acks.incrementAndGet();
                return result;
            } catch (CollabException e) {
                if (!e.code().retryable()) {
                    throw e;
                }
                retries.incrementAndGet();
                Thread.sleep(20); // the server is down or was killed mid-request: retry under the same key
            }
        }
        throw new AssertionError("write " + key + " was never acknowledged");
    }

    private void startServer() throws Exception {
        Path port = dir.resolve("port");
        Files.deleteIfExists(port);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashServerMain.class.getName(),
                dir.toString(),
                Integer.toString(AGENTS));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server-" + started++ + ".log").toFile());
        server = pb.start();
        while (!Files.exists(port)) {
            if (!server.isAlive()) {
                fail("the server died on start: " + Files.readString(dir.resolve("server-" + (started - 1) + ".log")));
            }
            if (System.nanoTime() > deadline) {
                fail("the server did not start before the deadline");
            }
            Thread.sleep(20);
        }
        base.set(URI.create("http://127.0.0.1:" + Files.readString(port).strip()));
    }

    private void checkReplaysAfterRestart() {
        try (CollabClient client = CollabClient.create(
                ClientConfig.custom(base.get()).token("tok-0").maxAttempts(1).build())) {
            String body = "raw-0-0";
            PostReceipt replay =
                    client.withIdempotencyKey("w-0-0", c -> c.board().post(MessagePost.raw(agent(0), body)));
            assertEquals(acked.get(body), replay.filename(), "a replay returns the first answer after restarts");
            CollabException mismatch = org.junit.jupiter.api.Assertions.assertThrows(
                    CollabException.class,
                    () -> client.withIdempotencyKey("w-0-0", c -> c.board().post(MessagePost.raw(agent(0), "other"))));
            assertEquals(ErrorCode.IDEMPOTENCY_MISMATCH, mismatch.code());
            String source = "hf://buckets/" + config.agentBucket(agent(0)) + "/msgs/m3.md";
            CollabException dup = org.junit.jupiter.api.Assertions.assertThrows(
                    CollabException.class, () -> client.board().post(MessagePost.fromSource(source)));
            assertEquals(ErrorCode.ALREADY_PROMOTED, dup.code(), "promotion dedup survives restarts");
            assertEquals(
                    "existing filename: " + acked.get("src-0-3"), dup.hint().orElseThrow());
        }
    }

    private void verifyFiles() throws Exception {
        try (FileSystemBucketStore store = FileSystemBucketStore.open(dir.resolve("buckets"))) {
            BucketId central = config.centralBucket();
            Map<String, List<String>> byBody = new HashMap<>();
            Set<String> boardFiles = new HashSet<>();
            for (BucketEntry e : store.listAll(central, "message_board/")) {
                String body = FrontmatterCodec.parse(
                                store.readString(central, e.path()).orElseThrow())
                        .body()
                        .strip();
                byBody.computeIfAbsent(body, b -> new ArrayList<>())
                        .add(e.path().leaf());
                boardFiles.add(e.path().value());
            }
            assertEquals(acked.size(), boardFiles.size(), "one message per logical post: " + byBody);
            acked.forEach((body, filename) ->
                    assertEquals(List.of(filename), byBody.get(body), "landed once, as acknowledged: " + body));

            Map<String, Integer> rowsPerTarget = new HashMap<>();
            Map<String, String> txns = new HashMap<>(); // txn -> the segment that holds its row
            BucketId audit = config.auditBucket();
            int registrations = 0;
            int jobRows = 0;
            int recovered = 0;
            for (BucketEntry e : store.listAll(audit, "audit/")) {
                for (String line :
                        store.readString(audit, e.path()).orElseThrow().split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = Json.mapper().readTree(line);
                    String first =
                            txns.putIfAbsent(row.path("txn").asText(), e.path().value());
                    assertTrue(
                            first == null,
                            "one row per transaction: " + line + " in "
                                    + e.path().value() + ", already in " + first
                                    + "; audit files: "
                                    + store.listAll(audit, "audit/").stream()
                                            .map(x -> x.path().value())
                                            .toList());
                    recovered += row.path("recovered").asBoolean() ? 1 : 0;
                    String target = row.path("target_path").asText();
                    switch (row.path("route").asText()) {
                        case "/v1/messages" -> rowsPerTarget.merge(target, 1, Integer::sum);
                        case "/v1/agents/register" -> registrations++;
                        default -> jobRows++;
                    }
                }
            }
            assertEquals(AGENTS, registrations, "one registration row per agent");
            for (String f : boardFiles) {
                assertEquals(1, rowsPerTarget.getOrDefault(f, 0), "exactly one audit row for " + f);
            }
            assertEquals(boardFiles, rowsPerTarget.keySet(), "no audit row without its write");
            assertTrue(jobRows >= jobs.size(), "every acknowledged job launch has its audit row");
            assertTrue(store.listAll(central, WriteCommit.TXN_PREFIX).isEmpty(), "transaction records settled");

            assertTrue(store.listAll(audit, JobLedger.PREFIX).isEmpty(), "no job left open in the ledger");
            long recoveryLines = 0;
            for (int n = 0; n < started; n++) {
                int i = n;
                recoveryLines += Files.readAllLines(dir.resolve("server-" + i + ".log")).stream()
                        .filter(l -> l.contains("audit recovery:") && !l.contains(" 0 row(s)"))
                        .count();
                Files.readAllLines(dir.resolve("server-" + i + ".log")).stream()
                        .filter(l -> l.contains("recovery") || l.contains("Exception"))
                        .forEach(l -> System.out.println("server-" + i + ": " + l));
            }
            System.out.printf("servers that recovered audit rows at start-up: %d%n", recoveryLines);
            System.out.printf(
                    "crash test: %d SIGKILLs, %d server starts, %d logical writes, %d attempts retried under their key,"
                            + " %d audit rows recovered at start-up, %d jobs%n",
                    kills, started, acked.size() + jobs.size() + AGENTS, retries.get(), recovered, jobs.size());
            Set<String> finals = Set.of("completed", "error", "failed", "canceled", "timed_out", "deleted");
            for (JobLaunch launch : jobs.values()) {
                BucketId bucket = BucketId.parse(launch.runBucket());
                String status = Json.mapper()
                        .readTree(store.read(bucket, BucketPath.of(launch.runPrefix() + "/job_status.json"))
                                .orElseThrow())
                        .path("status")
                        .asText();
                assertTrue(finals.contains(status), launch.jobId() + " ended in a final state, not " + status);
            }
        }
    }
}
