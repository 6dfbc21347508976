package dev.agentcollab.core.http.bench;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bench.BenchCommand;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Load benchmark of the {@code /v1} server on loopback: N concurrent clients (default 200, each an agent with its
 * own bearer token and keep-alive connection, see {@link Polling}) run three scenarios one after the other, inbox
 * polling, message posting and leaderboard reads, each bounded by a request count per client and a wall-clock
 * limit. Prints requests/s and p50/p99 latency per scenario as a markdown table. The service runs over in-memory
 * buckets with rate limits raised out of the way (the benchmark measures the server, not the limiter).
 *
 * <p>Usage: {@code LoadBenchmark [--clients-jvm[=OPTIONS]] [--rate=R] [--if-none-match] [--warmup=N]
 * [--scenarios=INBOX,POST,LEADERBOARD] [--store=mem|file] [clients] [requestsPerClient] [secondsPerScenario]}; see
 * docs/load-benchmark.md. {@code --store=file} runs the service over {@code file:} buckets in a temporary folder
 * (deleted at the end) instead of in-memory buckets. With {@code --clients-jvm}, each
 * scenario's clients run in a JVM of their own ({@link LoadClients}, started with those JVM options) and only the
 * server runs in this one. {@code --rate} paces the clients at R requests/s in all instead of a closed loop.
 * {@code --if-none-match} makes clients send the {@code ETag} of their last answer, as a poller that keeps what it
 * saw would, so an unchanged answer is a 304.
 * {@code --warmup} sets the unreported warm-up requests per client (default 10 inbox polls; more than 10 warms
 * every scenario run, so that the JIT has compiled the paths measured). With {@code --clients-jvm}, the clients of
 * each measured run also send that many requests of their scenario in their own JVM before its clock starts, so
 * the clients' JIT and connection set-up are not measured either.
 *
 * <p>With the clients apart, a second table lines each scenario's slowest requests up with the garbage-collection
 * pauses of both JVMs ({@link TailReport}), and the last line gives the server's RSS. The system property
 * {@code load.requests.dir} names a folder to write every request and pause of each scenario to, one file per
 * scenario, for a timeline.
 */
@Command(
        name = "LoadBenchmark",
        customSynopsis = {
            "LoadBenchmark [-h] [--clients-jvm[=OPTIONS]] [--rate=REQUESTS_PER_S] [--if-none-match] [--warmup=N]",
            "              [--scenarios=INBOX,POST,LEADERBOARD] [--store=mem|file]",
            "              [clients] [requestsPerClient] [secondsPerScenario]"
        },
        sortOptions = false,
        description = "Requests/s and p50/p99 latency of the /v1 server on loopback under N concurrent clients.")
public final class LoadBenchmark implements Callable<Integer> {
    private static final String ORG = "bench-org";
    private static final String SLUG = "bench";
    /** The server JVM's collector pauses, watched for the whole run. */
    private static final GcPauses SERVER_PAUSES = GcPauses.watch();
    /** One {@link TailReport} row per measured scenario whose clients ran apart. */
    private static final List<String> TAILS = new ArrayList<>();

    @Option(
            names = "--clients-jvm",
            arity = "0..1",
            preprocessor = BenchCommand.AttachedValueOnly.class,
            paramLabel = "OPTIONS",
            description = "run each scenario's clients in a JVM of their own, started with these options")
    String clientsJvm;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "REQUESTS_PER_S",
            description = "pace the clients at this many requests/s in all (default: closed loop)")
    double rate;

    @Option(names = "--if-none-match", description = "send the ETag of the last answer, so an unchanged one is a 304")
    boolean conditional;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            paramLabel = "N",
            description = "unreported warm-up requests per client (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--scenarios",
            split = ",",
            defaultValue = "INBOX,POST,LEADERBOARD",
            paramLabel = "SCENARIO",
            description = "scenarios to run, in order: ${COMPLETION-CANDIDATES} (all)")
    List<Scenario> scenarios;

    @Option(
            names = "--store",
            defaultValue = "MEM",
            paramLabel = "mem|file",
            description = "in-memory buckets or file: buckets in a temporary folder (mem)")
    Store store;

    @Parameters(index = "0", arity = "1", defaultValue = "200", paramLabel = "clients", description = "(200)")
    int clients;

    @Parameters(index = "1", arity = "1", defaultValue = "50", paramLabel = "requestsPerClient", description = "(50)")
    int perClient;

    @Parameters(index = "2", arity = "1", defaultValue = "30", paramLabel = "secondsPerScenario", description = "(30)")
    int seconds;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this usage and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    private LoadBenchmark() {}

    /** Where the service keeps its buckets. */
    enum Store {
        /** In-memory buckets. */
        MEM,
        /** {@code file:} buckets in a temporary folder, deleted at the end. */
        FILE
    }

    /** The scenarios, each a request per client index. */
    enum Scenario {
        /** Each agent polls its own inbox. */
        INBOX("inbox polling (GET /v1/inbox/{me}?expand=true)"),
        /** Each agent posts a raw message mentioning the next one. */
        POST("message posting (POST /v1/messages, raw)"),
        /** Everyone reads the leaderboard. */
        LEADERBOARD("leaderboard reads (GET /v1/leaderboard)");

        final String title;

        Scenario(String title) {
            this.title = title;
        }

        /** The request client {@code i} sends, with its agent's bearer token. */
        WireRequest request(URI base, int clients, int i) {
            String token = token(i);
            return switch (this) {
                case INBOX -> WireRequest.get(base, "/v1/inbox/agent-" + i + "?expand=true&limit=20", token);
                case POST ->
                    WireRequest.post(
                            base,
                            "/v1/messages",
                            token,
                            "{\"agent_id\":\"agent-" + i + "\",\"body\":\"progress update for @agent-"
                                    + ((i + 1) % clients) + "\"}");
                case LEADERBOARD -> WireRequest.get(base, "/v1/leaderboard", token);
            };
        }
    }

    /** Client {@code i}'s bearer token, a member of the organisation with write access. */
    static String token(int i) {
        return "tok-agent-" + i;
    }

    /**
     * Runs the benchmark.
     *
     * @param args options and clients, requests per client, seconds per scenario (all optional); see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(BenchCommand.execute(new LoadBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Double.isFinite(rate) || rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be >= 0, but was " + rate);
        }
        BenchCommand.atLeast(spec, "--warmup", warmup, 0);
        BenchCommand.atLeast(spec, "clients", clients, 1);
        BenchCommand.atLeast(spec, "requests per client", perClient, 1);
        BenchCommand.atLeast(spec, "seconds per scenario", seconds, 1);
        List<String> apart = BenchCommand.jvmOptions(clientsJvm);
        Path data = store == Store.FILE ? Files.createTempDirectory("collab-load-") : null;
        try (BucketStore buckets = data != null ? FileSystemBucketStore.open(data) : InMemoryBucketStore.create()) {
            serve(
                    buckets,
                    data != null,
                    clients,
                    perClient,
                    Duration.ofSeconds(seconds),
                    rate,
                    conditional,
                    warmup,
                    List.copyOf(scenarios),
                    apart);
        } finally {
            if (data != null) {
                deleteTree(data);
            }
        }
        return 0;
    }

    /** Starts the service and the server over {@code store}, seeds it and runs the scenarios. */
    private static void serve(
            BucketStore store,
            boolean fileStore,
            int clients,
            int perClient,
            Duration limit,
            double rate,
            boolean conditional,
            int warmup,
            List<Scenario> scenarios,
            List<String> clientsJvm)
            throws Exception {
        CollabConfig config = ServiceHarness.unlimited(ORG, SLUG).build();
        try (CollabService service = CollabService.builder()
                        .store(store)
                        .config(config)
                        .identity(identities(clients))
                        .build();
                RunningServer server = CollabServer.create(
                                c -> c.sessions(service::session).description(ServiceDescription.of(ORG, SLUG)))
                        .start()) {
            seed(store, service, clients);
            URI base = server.baseUri();
            System.out.printf(
                    Locale.ROOT,
                    "%d clients (%s), %s%s, <= %d requests each, <= %ds per scenario, %s buckets, server %s,"
                            + " load average %.2f%n%n",
                    clients,
                    clientsJvm == null ? "in the server's JVM" : "in a separate JVM",
                    rate > 0 ? String.format(Locale.ROOT, "%.0f requests/s in all", rate) : "closed loop",
                    conditional ? ", If-None-Match" : "",
                    perClient,
                    limit.toSeconds(),
                    fileStore ? "file:" : "in-memory",
                    base,
                    ServerCost.loadAverage());
            // Warm-up (not reported): JIT, connection set-up, caches.
            for (Scenario scenario : warmup > 10 ? scenarios : List.of(Scenario.INBOX)) {
                run(null, scenario, base, clients, warmup, limit, 0, conditional, 0, clientsJvm);
            }
            System.out.println("| scenario | requests | errors | requests/s | p50 ms | p99 ms | p99/p50"
                    + " | server CPU µs/request | of which kernel µs |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (Scenario scenario : scenarios) {
                run(scenario.title, scenario, base, clients, perClient, limit, rate, conditional, warmup, clientsJvm);
            }
            if (scenarios.contains(Scenario.POST)) {
                // names are handed out in sorting order, so a burst of more than one post a millisecond runs the
                // stamps ahead of the clock (docs/storage-design.md 7a): how far, at the end of the run
                String newest = service.anonymous()
                        .board()
                        .messages(dev.agentcollab.api.query.ListQuery.builder()
                                .limit(1)
                                .build())
                        .items()
                        .getFirst()
                        .filename();
                dev.agentcollab.core.service.internal.Stamps.instantOf(newest)
                        .ifPresent(t -> System.out.printf(
                                Locale.ROOT,
                                "%nnewest message %s: its stamp is %+d ms from the clock%n",
                                newest,
                                Duration.between(java.time.Instant.now(), t).toMillis()));
            }
            if (!TAILS.isEmpty()) {
                System.out.printf(
                        "%nGarbage-collection pauses and the slowest requests (see TailReport):%n%n%s%n",
                        TailReport.header());
                TAILS.forEach(System.out::println);
                TAILS.clear();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nload average after the run: %.2f; server RSS %.1f MiB, peak %.1f MiB%n",
                    ServerCost.loadAverage(),
                    ServerCost.rssMiB("VmRSS"),
                    ServerCost.rssMiB("VmHWM"));
        }
    }

    private static StaticIdentityProvider identities(int clients) {
        StaticIdentityProvider.Builder b = StaticIdentityProvider.builder().member("tok-bench", "bench", ORG, "write");
        for (int i = 0; i < clients; i++) {
            b.member(token(i), "user-" + i, ORG, "write");
        }
        return b.build();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void seed(BucketStore store, CollabService service, int agents) {
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

    private static void run(
            String name,
            Scenario scenario,
            URI base,
            int clients,
            int perClient,
            Duration limit,
            double rate,
            boolean conditional,
            int clientWarmup,
            List<String> clientsJvm)
            throws Exception {
        double[] r; // requests, errors, seconds, p50, p99
        ServerCost cost = ServerCost.start();
        if (clientsJvm == null) {
            LatencyRecorder rec = new LatencyRecorder();
            double seconds = Polling.run(
                    rec,
                    base,
                    clients,
                    perClient,
                    limit,
                    rate,
                    conditional,
                    0,
                    i -> scenario.request(base, clients, i));
            r = new double[] {rec.count(), rec.errors(), seconds, rec.percentileMillis(50), rec.percentileMillis(99)};
        } else {
            r = apart(name, scenario, base, clients, perClient, limit, rate, conditional, clientWarmup, clientsJvm);
        }
        double cpuMicros = cost.cpuMicros();
        double systemMicros = cost.systemMicros();
        if (name == null) {
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %s | %s |%n",
                name,
                r[0],
                r[1],
                r[0] / r[2],
                r[3],
                r[4],
                r[4] / r[3],
                clientsJvm == null
                        ? "(clients included)"
                        : String.format(Locale.ROOT, "%.0f", cpuMicros / (r[0] + r[1])),
                clientsJvm == null
                        ? "(clients included)"
                        : String.format(Locale.ROOT, "%.0f", systemMicros / (r[0] + r[1])));
    }

    /** Runs a scenario's clients in a JVM of their own ({@link LoadClients}) and reads its result line. */
    private static double[] apart(
            String name,
            Scenario scenario,
            URI base,
            int clients,
            int perClient,
            Duration limit,
            double rate,
            boolean conditional,
            int warmup,
            List<String> jvm)
            throws Exception {
        Process p = ChildJvm.start(
                jvm,
                LoadClients.class,
                base.toString(),
                scenario.name(),
                Integer.toString(clients),
                Integer.toString(perClient),
                Long.toString(limit.toSeconds()),
                Double.toString(rate),
                Boolean.toString(conditional),
                Integer.toString(warmup));
        String result = null;
        List<long[]> requests = new ArrayList<>();
        List<GcPauses.Pause> clientPauses = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (f[0].equals("REQ")) {
                    requests.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } else if (f[0].equals("PAUSE")) {
                    clientPauses.add(new GcPauses.Pause(Long.parseLong(f[1]), Long.parseLong(f[2]), "clients"));
                }
            }
        }
        if (name != null && !requests.isEmpty()) {
            Thread.sleep(200); // the server's last pause notifications
            long[] sent = requests.stream().mapToLong(q -> q[0]).toArray();
            long[] latency = requests.stream().mapToLong(q -> q[1]).toArray();
            List<GcPauses.Pause> serverPauses = SERVER_PAUSES.between(Long.MIN_VALUE, Long.MAX_VALUE);
            TAILS.add(TailReport.of(sent, latency, serverPauses, clientPauses, Math.max(2, clients / 4))
                    .row(name));
            String dump = System.getProperty("load.requests.dir");
            if (dump != null) {
                // every request and pause of the run, for a timeline: "REQ sent-µs latency-ns", "PAUSE start end who"
                List<String> lines = new ArrayList<>();
                requests.forEach(q -> lines.add("REQ " + q[0] + " " + q[1]));
                serverPauses.forEach(q -> lines.add("PAUSE " + q.startMicros() + " " + q.endMicros() + " server"));
                clientPauses.forEach(q -> lines.add("PAUSE " + q.startMicros() + " " + q.endMicros() + " clients"));
                Path folder = Files.createDirectories(Path.of(dump));
                Files.write(folder.resolve(scenario.name().toLowerCase(Locale.ROOT) + ".txt"), lines);
            }
        }
        if (!p.waitFor(limit.toSeconds() + 120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (result == null) {
            throw new IllegalStateException("the clients' JVM printed no result (exit " + p.exitValue() + ")");
        }
        String[] f = result.split(" ");
        double[] r = new double[5];
        for (int k = 0; k < 5; k++) {
            r[k] = Double.parseDouble(f[k + 1]);
        }
        return r;
    }
}
