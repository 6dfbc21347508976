package dev.agentcollab.core.http.bench;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Load benchmark of the {@code /v1} server on loopback: N concurrent clients (default 200, each with its own
 * {@link HttpClient} and connection) run three scenarios one after the other, inbox polling, message posting and
 * leaderboard reads, each bounded by a request count per client and a wall-clock limit. Prints requests/s and
 * p50/p99 latency per scenario as a markdown table. The service runs over in-memory buckets with rate limits
 * raised out of the way (the benchmark measures the server, not the limiter).
 *
 * <p>Usage: {@code LoadBenchmark [clients] [requestsPerClient] [secondsPerScenario]}; see docs/load-benchmark.md.
 */
public final class LoadBenchmark {
    private static final String ORG = "bench-org";
    private static final String SLUG = "bench";

    private LoadBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args clients, requests per client, seconds per scenario (all optional)
     */
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perClient = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Duration limit = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 30);
        InMemoryBucketStore store = InMemoryBucketStore.create();
        CollabConfig config = CollabConfig.custom(ORG, SLUG)
                .rawMessagePerMinute(1_000_000)
                .rawMessagePerHour(1_000_000)
                .bucketWriteBurst(1_000_000)
                .bucketWritePerMinute(1_000_000)
                .registrationPerMinute(1_000_000)
                .build();
        try (CollabService service = CollabService.builder()
                        .store(store)
                        .config(config)
                        .identity(StaticIdentityProvider.builder()
                                .member("tok-bench", "bench", ORG, "write")
                                .build())
                        .build();
                RunningServer server = CollabServer.create(
                                c -> c.sessions(service::session).description(ServiceDescription.of(ORG, SLUG)))
                        .start()) {
            seed(store, service, clients);
            URI base = server.baseUri();
            System.out.printf(
                    Locale.ROOT,
                    "%d clients, <= %d requests each, <= %ds per scenario, server %s%n%n",
                    clients,
                    perClient,
                    limit.toSeconds(),
                    base);
            // Warm-up (not reported): JIT, connection set-up, caches.
            run(null, clients, 10, limit, i -> HttpRequest.newBuilder(
                            base.resolve("/v1/inbox/agent-" + i + "?expand=true"))
                    .build());
            System.out.println("| scenario | requests | errors | requests/s | p50 ms | p99 ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            run(
                    "inbox polling (GET /v1/inbox/{me}?expand=true)",
                    clients,
                    perClient,
                    limit,
                    i -> HttpRequest.newBuilder(base.resolve("/v1/inbox/agent-" + i + "?expand=true&limit=20"))
                            .build());
            run("message posting (POST /v1/messages, raw)", clients, perClient, limit, i -> HttpRequest.newBuilder(
                            base.resolve("/v1/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"agent-" + i
                            + "\",\"body\":\"progress update for @agent-" + ((i + 1) % clients) + "\"}"))
                    .build());
            run("leaderboard reads (GET /v1/leaderboard)", clients, perClient, limit, i -> HttpRequest.newBuilder(
                            base.resolve("/v1/leaderboard"))
                    .build());
        }
    }

    private static void seed(InMemoryBucketStore store, CollabService service, int agents) {
        var session = service.session("tok-bench");
        for (int i = 0; i < agents; i++) {
            BucketId bucket = BucketId.parse(ORG + "/" + SLUG + "-agent-" + i);
            store.create(bucket, true);
            store.put(bucket, BucketPath.of(".bucket-sync-handshake"), "bench".getBytes(StandardCharsets.UTF_8));
            session.agents().register(RegisterRequest.of("agent-" + i, "bench-model", "bench", List.of()));
        }
        for (int i = 0; i < agents; i++) {
            session.board().post(MessagePost.raw("agent-" + i, "hello @agent-" + ((i + 1) % agents)));
        }
        BenchResults.seed(store, service, ORG, SLUG, agents);
    }

    private static void run(String name, int clients, int perClient, Duration limit, IntFunction<HttpRequest> request)
            throws InterruptedException {
        LatencyRecorder rec = new LatencyRecorder();
        double seconds = Polling.run(rec, clients, perClient, limit, request);
        if (name == null) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %d | %.0f | %.1f | %.1f |%n",
                name,
                rec.count(),
                rec.errors(),
                rec.count() / seconds,
                rec.percentileMillis(50),
                rec.percentileMillis(99));
    }
}
