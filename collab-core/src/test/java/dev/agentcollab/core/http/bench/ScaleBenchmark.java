package dev.agentcollab.core.http.bench;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.bench.BenchCommand;
import dev.agentcollab.core.bench.RatioTable;
import dev.agentcollab.core.bucket.file.FileBucketSeeder;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.http.ServerWarmup;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.verify.PrettyJson;
import dev.agentcollab.core.service.verify.VerificationIndex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * How request costs grow with history, on {@code file:} buckets: for each size, the central bucket is seeded out of
 * band with that many board messages, as many inbox copies (one mention each), one broadcast per 100 messages (an
 * organizer's), one taskforce note per 5 messages over {@value #TASKFORCES} taskforces (one in ten of type
 * {@code finding}, and a named file per ten notes) and 2,000 (--results) promoted results with their verification
 * index entries, for a set of registered agents; then the server is
 * started over it and measured: restart time to the first answer and the first requests after start, one size after
 * the other; then, with every size's server up, single-client p50/p99 of each request kind with the sizes' requests
 * interleaved (request {@code i} to each size in turn, so that a slow moment of the machine falls on every size
 * alike), 200-client inbox polling of each size in turn, and the first requests after a pause longer than the listing
 * TTL (every listing the servers keep has expired then). The table prints every size's value and its ratio to the
 * first size.
 *
 * <p>Usage: {@code ScaleBenchmark [--server-jvm=OPTIONS] [--warmup=N] [--results=N] [agents] [size...]}
 * (defaults {@code 1000 1000 20000}, {@value #DEFAULT_WARMUP} warm-up requests, {@value #DEFAULT_RESULTS} seeded
 * results); see docs/load-benchmark.md. With {@code --server-jvm}, each size's server runs in a JVM of its own ({@link ScaleServer},
 * started with those JVM options, e.g. {@code --server-jvm="-Xmx384m -XX:+UseSerialGC"}) and the clients in this
 * one: the restart time then includes the server JVM's start, and heap and RSS are the server's alone. Without it,
 * clients and every size's server run in this JVM, and the heap and RSS figures are theirs together.
 *
 * <p>Each single-client row first sends {@code --warmup} requests of its own kind, on other indices than the measured
 * ones (other agents, other sources; so with 1,000 agents the measured pages still read records no earlier request of
 * that row read), so that the row measures the server's compiled code and not its warm-up: with 10 warm-up requests
 * a row whose requests each load 20 records no earlier row loaded ran partly interpreted, which counted 20 times
 * over at 100k messages (20 records per agent) and once at 1k (docs/load-benchmark.md).
 */
@Command(
        name = "ScaleBenchmark",
        customSynopsis = "ScaleBenchmark [-h] [--server-jvm=OPTIONS] [--warmup=N] [--results=N] [agents] [size...]",
        sortOptions = false,
        description = "How request costs grow with history, on file: buckets seeded with each size.")
public final class ScaleBenchmark implements Callable<Integer> {
    static final String ORG = "bench-org";
    static final String SLUG = "bench";
    private static final String TOKEN = "tok-bench";
    private static final int SINGLE = 200;
    /** A pause longer than the listing TTL, before the last rows. */
    private static final Duration IDLE = Duration.ofSeconds(31);

    private static final int DEFAULT_WARMUP = 100;
    private static int warmup = DEFAULT_WARMUP;
    private static final int DEFAULT_RESULTS = 2000;
    private static int results = DEFAULT_RESULTS;
    private static final int POLLERS = 200;
    private static final int CHANNELS = 20;
    private static final int THREAD_BLOCK = 500;
    private static final int TASKFORCES = 10;
    /** One taskforce note per this many messages. */
    private static final int MESSAGES_PER_NOTE = 5;

    private static final Map<Integer, Integer> ROOT_AUTHORS = new java.util.HashMap<>();

    @Option(
            names = "--server-jvm",
            arity = "0..1",
            preprocessor = BenchCommand.AttachedValueOnly.class,
            paramLabel = "OPTIONS",
            description = "run each size's server in a JVM of its own, started with these options")
    String serverJvm;

    @Option(
            names = "--warmup",
            defaultValue = "" + DEFAULT_WARMUP,
            paramLabel = "N",
            description = "warm-up requests of each single-client row (${DEFAULT-VALUE})")
    int warmupRequests;

    @Option(
            names = "--results",
            defaultValue = "" + DEFAULT_RESULTS,
            paramLabel = "N",
            description = "promoted results seeded (${DEFAULT-VALUE})")
    int seededResults;

    @Parameters(index = "0", arity = "1", defaultValue = "1000", paramLabel = "agents", description = "(1000)")
    int agents;

    @Parameters(
            index = "1..*",
            arity = "1",
            defaultValue = Parameters.NULL_VALUE,
            paramLabel = "size",
            description = "message counts to measure (1000 20000)")
    List<Integer> sizes;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this usage and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    private ScaleBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args options, the number of agents, then the message counts to measure; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(BenchCommand.execute(new ScaleBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        BenchCommand.atLeast(spec, "--warmup", warmupRequests, 0);
        BenchCommand.atLeast(spec, "--results", seededResults, 1);
        BenchCommand.atLeast(spec, "agents", agents, 1);
        List<Integer> counts = sizes == null || sizes.isEmpty() ? List.of(1000, 20000) : List.copyOf(sizes);
        for (int size : counts) {
            BenchCommand.atLeast(spec, "message count", size, 1);
        }
        warmup = warmupRequests;
        results = seededResults;
        Map<String, List<Double>> table = new LinkedHashMap<>();
        for (Map<String, Double> out : measure(agents, counts, BenchCommand.jvmOptions(serverJvm))) {
            out.forEach(
                    (k, v) -> table.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        System.out.println(RatioTable.render("measure", "msgs", counts, table, "%.1f"));
        return 0;
    }

    private static CollabConfig config() {
        return ServiceHarness.unlimited(ORG, SLUG).build();
    }

    static ServiceDescription description() {
        return ServiceDescription.of(ORG, SLUG);
    }

    static CollabService service(FileSystemBucketStore store, Optional<Path> indexSnapshot) {
        CollabService.Builder b = CollabService.builder()
                .store(store)
                .config(config())
                .identity(StaticIdentityProvider.builder()
                        .member(TOKEN, "bench", ORG, "write")
                        .build());
        indexSnapshot.ifPresent(b::boardIndexSnapshot);
        return b.build();
    }

    /**
     * How a start measured for its first requests only finds the local snapshots: none (a first start: the board
     * index is built from every message, the first {@code q} builds the board's text index, and closing writes both)
     * or the board index's and the ranked results' (the text index's removed: the first {@code q} builds it again).
     * The last start of
     * each size finds both, and every request is measured on it ({@link #startRows}, {@link #together}).
     */
    enum Start {
        COLD,
        NO_TEXT
    }

    /** One size under measurement: its folder, its seeded thread, its server while it runs, and its rows. */
    private static final class Sized implements AutoCloseable {
        final int size;
        final Path data;
        final Map<String, Double> out = new LinkedHashMap<>();
        String threadRoot;
        ScaleTarget server;

        Sized(int size) throws java.io.IOException {
            this.size = size;
            this.data = Files.createTempDirectory("collab-scale-");
        }

        Path root() {
            return data.resolve("buckets");
        }

        Path snapshot() {
            return data.resolve("board-index.snapshot");
        }

        URI base() {
            return server.base();
        }

        /** Stops the server (which writes the snapshots) and records their sizes, then deletes the folder. */
        @Override
        public void close() throws Exception {
            try {
                if (server != null) {
                    server.close();
                    server = null;
                    out.put("board index snapshot on disk (KiB)", Files.size(snapshot()) / 1024.0);
                    out.put(
                            "text index snapshot of the board on disk (KiB)",
                            Files.size(textSnapshots(snapshot()).resolve("message_board%2F.tix")) / 1024.0);
                    try (Stream<Path> files = Files.list(textSnapshots(snapshot()))) {
                        out.put("text index snapshot files (all folders searched)", (double) files.count());
                    }
                }
            } finally {
                deleteTree(data);
            }
        }
    }

    /**
     * For each size: seeds a store, then starts the server over it without any snapshot and with the board index's
     * only, each measured and stopped, then with both, where the first requests are measured and the server stays
     * up. Then every size is measured together ({@link #together}), and each server is stopped and its snapshots
     * measured.
     */
    private static List<Map<String, Double>> measure(int agents, List<Integer> sizes, List<String> serverJvm)
            throws Exception {
        List<Sized> all = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int size : sizes) {
                System.err.printf(Locale.ROOT, "== %d messages, %d agents%n", size, agents);
                Sized s = new Sized(size);
                all.add(s);
                Files.createDirectories(s.root());
                seed(s.root(), agents, size);
                s.threadRoot = stamp(1_780_000_000_000L) + "_agent-" + rootAuthor(0) + ".md";
                for (Start start : Start.values()) {
                    if (start == Start.NO_TEXT) {
                        deleteTree(textSnapshots(s.snapshot()));
                    }
                    warmClient(http);
                    try (ScaleTarget server = ScaleTarget.start(s.root(), s.snapshot(), serverJvm)) {
                        firstRequests(s.out, http, server.base(), server.startedNanos(), start);
                        server.listeningMillis()
                                .ifPresent(
                                        ms -> s.out.put(prefix(start) + "server store opened to listening (ms)", ms));
                    }
                }
                warmClient(http);
                s.server = ScaleTarget.start(s.root(), s.snapshot(), serverJvm);
                startRows(s.out, http, s.base(), s.server.startedNanos());
                s.server.listeningMillis().ifPresent(ms -> s.out.put("server: store opened to listening (ms)", ms));
            }
            together(all, http, agents);
            for (Sized s : all) {
                s.server.stats(s.out);
            }
            List<Map<String, Double>> outs = new ArrayList<>();
            for (Sized s : all) {
                s.close();
                outs.add(s.out);
            }
            return outs;
        } finally {
            for (Sized s : all) {
                try {
                    s.close();
                } catch (Exception e) {
                    System.err.println("cleaning up " + s.size + ": " + e);
                }
            }
        }
    }

    /** The folder of the text indexes' snapshots beside the board index's (as the service names it). */
    private static Path textSnapshots(Path boardSnapshot) {
        return boardSnapshot.resolveSibling(boardSnapshot.getFileName() + ".text");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void seed(Path root, int agents, int size) throws Exception {
        long t0 = System.nanoTime();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root);
                CollabService service = service(store, Optional.empty())) {
            var session = service.session(TOKEN);
            // agent-0 registers through the service (its scratch bucket holds the promotion sources); the
            // others are seeded out of band below, as registrations the service wrote earlier.
            BucketId bucket0 = BucketId.parse(ORG + "/" + SLUG + "-agent-0");
            store.create(bucket0, true);
            store.put(bucket0, BucketPath.of(".bucket-sync-handshake"), "bench".getBytes(StandardCharsets.UTF_8));
            session.agents().register(RegisterRequest.of("agent-0", "bench-model", "bench", List.of()));
            // Sources for the promotion scenarios: distinct bytes per request (promotions are deduplicated).
            BucketId scratch = BucketId.parse(ORG + "/" + SLUG + "-agent-0");
            Map<String, byte[]> sources = new LinkedHashMap<>();
            for (int n = 0; n < SINGLE + Math.max(20, warmup); n++) {
                sources.put(
                        "notes/n" + n + ".md",
                        ("---\ntitle: note " + n + "\n---\nbody " + n + "\n").getBytes(StandardCharsets.UTF_8));
                sources.put("results/r" + n + ".md", result(n, "agent-0").getBytes(StandardCharsets.UTF_8));
            }
            FileBucketSeeder.seed(root, scratch, sources, System.currentTimeMillis());
        }
        Random random = new Random(size);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long start = 1_780_000_000_000L;
        for (int n = 0; n < size; n++) {
            int author = random.nextInt(agents);
            int mention = random.nextInt(agents);
            if (n % THREAD_BLOCK == 0) {
                ROOT_AUTHORS.put(n, author);
            }
            String stamp = stamp(start + n * 1000L);
            String name = stamp + "_agent-" + author + ".md";
            String type = n % 100 == 50 ? "organizer" : "agent"; // 1% each for the type= and via= filters
            String via = n % 100 == 25 ? "via: dashboard\n" : "";
            byte[] body = ("---\ntype: " + type + "\nagent_id: agent-" + author + "\n" + via + channelOrThread(n, start)
                            + "---\nprogress update " + n + " for @agent-" + mention + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            files.put("message_board/" + name, body);
            files.put("inbox/agent-" + mention + "/" + name, body);
            if (n % 100 == 0) {
                files.put(
                        "broadcasts/" + stamp + "_organizer.md",
                        ("---\ntype: organizer\nagent_id: organizer\n---\nbroadcast " + n + "\n")
                                .getBytes(StandardCharsets.UTF_8));
            }
            if (n % MESSAGES_PER_NOTE == 0) {
                taskforceNote(files, n / MESSAGES_PER_NOTE, stamp, author);
            }
        }
        for (int t = 0; t < TASKFORCES; t++) {
            files.put(
                    "taskforces/tf-" + t + "/README.md",
                    ("---\ntaskforce: tf-" + t + "\ncreator: agent-" + t
                                    + "\ncreated: 2026-06-01 00:00 UTC\nvia: raw\n---\n\n# Taskforce " + t + "\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 1; i < agents; i++) {
            files.put(
                    "agents/agent-" + i + ".md",
                    ("---\nagent_name: agent-" + i
                                    + "\nagent_model: bench-model\nagent_harness: bench\nagent_tools: []\n"
                                    + "hf_user: bench\nagent_bucket: " + ORG + "/" + SLUG + "-agent-" + i
                                    + "\njoined: 2026-06-01T00:00:00Z\n---\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        java.util.TreeMap<String, String> verdicts = new java.util.TreeMap<>();
        for (int r = 0; r < results; r++) {
            String name = seededResult(r, agents);
            files.put("results/" + name, result(r, "agent-" + (r % agents)).getBytes(StandardCharsets.UTF_8));
            verdicts.put(name, r % 3 == 0 ? "valid" : "pending");
        }
        // Every promotion inserts its entry, and the verifier or a human turns some valid.
        files.put(VerificationIndex.PATH, (PrettyJson.write(verdicts) + "\n").getBytes(StandardCharsets.UTF_8));
        FileBucketSeeder.seed(root, BucketId.parse(ORG + "/" + SLUG + "-main-bucket"), files, start);
        System.err.printf(Locale.ROOT, "seeded %d files in %.1f s%n", files.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Note {@code k} of the taskforces, in taskforce {@code k mod TASKFORCES}; every tenth note of a taskforce is a
     * {@code finding} and also names a data file.
     */
    private static void taskforceNote(Map<String, byte[]> files, int k, String stamp, int author) {
        String dir = "taskforces/tf-" + (k % TASKFORCES) + "/";
        String agent = "agent-" + author;
        boolean tenth = k / TASKFORCES % 10 == 0;
        files.put(
                dir + stamp + "_" + agent + ".md",
                ("---\nagent: " + agent + "\ntype: " + (tenth ? "finding" : "note") + "\n---\nNote " + k
                                + " on the kernels.\n")
                        .getBytes(StandardCharsets.UTF_8));
        if (tenth) {
            files.put(
                    dir + "data/run" + k + "_" + agent + ".csv",
                    ("step,loss\n" + k + ",1.0\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Every 10th message is in one of {@link #CHANNELS} channels; every 10th (offset 5) replies to the first message
     * of its block of {@link #THREAD_BLOCK}, so each thread has the same 50 replies at every size.
     */
    private static String channelOrThread(int n, long start) {
        if (n % 10 == 0) {
            return "channel: ch-" + (n / 10 % CHANNELS) + "\n";
        }
        if (n % 10 == 5) {
            int root = n / THREAD_BLOCK * THREAD_BLOCK;
            return "thread: " + stamp(start + root * 1000L) + "_agent-" + rootAuthor(root) + ".md\n";
        }
        return "";
    }

    /** The author of message {@code n}, as the seeding loop draws it (the same seed per size). */
    private static int rootAuthor(int n) {
        return ROOT_AUTHORS.get(n);
    }

    /** The filename of seeded result {@code r}. */
    private static String seededResult(int r, int agents) {
        return stamp(1_780_000_000_000L + r * 1000L) + "_agent-" + (r % agents) + ".md";
    }

    private static String result(int n, String agent) {
        return String.format(
                Locale.ROOT,
                "---\nagent_id: %s\nscore: %.3f\nmethod: bench\nstatus: agent-run\ndescription: seeded %d\n---\nrun %d\n",
                agent,
                1.0 + (n * 7919 % 1000) / 10.0,
                n,
                n);
    }

    private static String stamp(long millis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli(millis));
    }

    private static String prefix(Start start) {
        return switch (start) {
            case COLD -> "no snapshot: ";
            case NO_TEXT -> "no text index snapshot: ";
        };
    }

    /**
     * The first requests after a start without the board index's snapshot ({@link Start#COLD}: the first channel
     * page waits for the index built from every board message) or without the text index's ({@link
     * Start#NO_TEXT}), then the first {@code q}, which builds the board's text index. Closing the server afterwards
     * writes the snapshots.
     */
    private static void firstRequests(Map<String, Double> out, HttpClient http, URI base, long t0, Start start)
            throws Exception {
        String prefix = prefix(start);
        ServerWarmup.run(base);
        long t1 = System.nanoTime();
        check(
                http.send(get(base, "/v1/inbox/agent-1?expand=true&limit=20"), HttpResponse.BodyHandlers.ofString())
                        .statusCode(),
                "first inbox request");
        long t2 = System.nanoTime();
        out.put(prefix + "restart to first inbox answer (ms)", (t2 - t0) / 1e6);
        out.put(prefix + "first request after start (ms)", (t2 - t1) / 1e6);
        if (start == Start.COLD) {
            long s = System.nanoTime();
            check(
                    http.send(get(base, "/v1/channels/ch-3?expand=true&limit=20"), HttpResponse.BodyHandlers.ofString())
                            .statusCode(),
                    "first channel page");
            out.put(prefix + "first channel page after start (ms)", (System.nanoTime() - s) / 1e6);
        }
        first(out, http, prefix, "q= board page (1 match)", firstQ(base));
    }

    /** The first {@code q} of every start: one match, message 137, at every size. */
    private static HttpRequest firstQ(URI base) {
        return get(base, "/v1/messages?q=update+137+for&limit=20");
    }

    /** The first requests after the measured start of a server that began to start at {@code t0} (nanoTime). */
    private static void startRows(Map<String, Double> out, HttpClient http, URI base, long t0) throws Exception {
        ServerWarmup.run(base); // as `collab serve` does before it announces the server
        long t1 = System.nanoTime();
        int first = http.send(get(base, "/v1/inbox/agent-1?expand=true&limit=20"), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        long t2 = System.nanoTime();
        check(first, "first inbox request");
        out.put("restart to first inbox answer (ms)", (t2 - t0) / 1e6);
        out.put("first request after start (ms)", (t2 - t1) / 1e6);
        first(out, http, "board page", get(base, "/v1/messages?expand=true&limit=20"));
        first(out, http, "channel page", get(base, "/v1/channels/ch-3?expand=true&limit=20"));
        first(out, http, "type-filtered board page", get(base, "/v1/messages?type=organizer&limit=20"));
        first(out, http, "digest", get(base, "/v1/digest"));
        first(out, http, "leaderboard", get(base, "/v1/leaderboard"));
        first(out, http, "taskforce notes page", get(base, "/v1/taskforces/tf-1/notes?expand=true&limit=20"));
        // from the text index's snapshot, loaded at start-up: no message is read
        first(out, http, "q= board page (1 match)", firstQ(base));
    }

    /**
     * The rows measured on every size's server together: each single-client row sends its requests to the sizes in
     * turn (request {@code i} to each, in alternating order), so that a slow moment of the machine falls on every
     * size alike and the ratio column keeps the shape; then each size's polling, one pause for all and the first
     * requests after it.
     */
    private static void together(List<Sized> all, HttpClient http, int agents) throws Exception {
        single(
                all,
                http,
                "inbox page",
                (s, i) -> get(s.base(), "/v1/inbox/agent-" + (i % agents) + "?expand=true&limit=20"));
        single(all, http, "board page", (s, i) -> get(s.base(), "/v1/messages?expand=true&limit=20"));
        single(all, http, "digest", (s, i) -> get(s.base(), "/v1/digest"));
        single(all, http, "leaderboard", (s, i) -> get(s.base(), "/v1/leaderboard"));
        // results read the verification index, which has an entry per result
        single(all, http, "result page", (s, i) -> get(s.base(), "/v1/results?expand=true&limit=10"));
        single(all, http, "result record", (s, i) -> get(s.base(), "/v1/results/" + seededResult(i % results, agents)));
        single(
                all,
                http,
                "channel page",
                (s, i) -> get(s.base(), "/v1/channels/ch-" + (i % CHANNELS) + "?expand=true&limit=20"));
        single(all, http, "channel list", (s, i) -> get(s.base(), "/v1/channels"));
        for (Sized s : all) {
            s.out.put("channel list answer (KiB)", answerBytes(http, get(s.base(), "/v1/channels")) / 1024.0);
        }
        single(all, http, "thread (50 replies)", (s, i) -> get(s.base(), "/v1/threads/" + s.threadRoot));
        single(all, http, "agent directory page", (s, i) -> get(s.base(), "/v1/agents?limit=20"));
        single(
                all,
                http,
                "filtered board page (agent=)",
                (s, i) -> get(s.base(), "/v1/messages?agent=agent-" + (i % agents) + "&limit=20"));
        for (Sized s : all) {
            s.out.put(
                    "filtered board page (agent=) records per page (mean)",
                    meanItems(http, i -> get(s.base(), "/v1/messages?agent=agent-" + (i % agents) + "&limit=20")));
        }
        single(
                all,
                http,
                "filtered board page (agent=, limit=1)",
                (s, i) -> get(s.base(), "/v1/messages?agent=agent-" + (i % agents) + "&limit=1"));
        // a 10-minute window: 600 messages at every size (one message per second from the first)
        String window =
                "since=" + stamp(1_780_000_000_000L + 100_000L) + "&until=" + stamp(1_780_000_000_000L + 699_000L);
        single(
                all,
                http,
                "filtered board page (since+until, 600 msgs)",
                (s, i) -> get(s.base(), "/v1/messages?" + window + "&limit=20"));
        single(
                all,
                http,
                "filtered board page (type=, 1%)",
                (s, i) -> get(s.base(), "/v1/messages?type=organizer&limit=20"));
        single(
                all,
                http,
                "filtered board page (via=, 1%)",
                (s, i) -> get(s.base(), "/v1/messages?via=dashboard&limit=20"));
        single(
                all,
                http,
                "filtered board page (q= within the window)",
                (s, i) -> get(s.base(), "/v1/messages?" + window + "&q=update+" + (100 + i % 600) + "&limit=20"));
        // one match at every size ("update <n> for" is in message n only), from the text index
        single(
                all,
                http,
                "filtered board page (q=, 1 match, alone)",
                (s, i) -> get(s.base(), "/v1/messages?q=update+" + (100 + i % 600) + "+for&limit=20"));
        // message 10m is in channel ch-(m mod 20)
        single(
                all,
                http,
                "filtered channel page (q=, 1 match)",
                (s, i) -> get(
                        s.base(),
                        "/v1/channels/ch-" + (i % 100 % CHANNELS) + "?q=update+" + (10 * (i % 100)) + "+for&limit=20"));
        single(
                all,
                http,
                "filtered channel page (agent=)",
                (s, i) -> get(
                        s.base(), "/v1/channels/ch-" + (i % CHANNELS) + "?agent=agent-" + (i % agents) + "&limit=20"));
        // agents 300 on: at 1k messages, the inbox page rows above read every copy agents 0-299 have, the window's
        // included, so those pages were served from the content cache at 1k and read from the store at 100k
        single(
                all,
                http,
                "filtered inbox page (since+until)",
                (s, i) -> get(
                        s.base(), "/v1/inbox/agent-" + ((300 + i) % agents) + "?" + window + "&expand=true&limit=20"));
        // broadcasts are the organizer's: 10 at 1k messages, 1,000 at 100k, each in every inbox. An inbox's first
        // page filtered by type reads each of its copies once (agents 600-799, none asked so before); the next ones
        // walk what that kept (agents 0-99, which the row's warm-up requests asked first)
        single(
                all,
                http,
                "filtered inbox page (type=organizer, limit=5), the inbox's first",
                (s, i) -> get(s.base(), "/v1/inbox/agent-" + ((600 + i) % agents) + "?type=organizer&limit=5"));
        single(
                all,
                http,
                "filtered inbox page (type=organizer, limit=5)",
                (s, i) -> get(s.base(), "/v1/inbox/agent-" + (i % 100 % agents) + "?type=organizer&limit=5"));
        single(all, http, "taskforce list", (s, i) -> get(s.base(), "/v1/taskforces?limit=20"));
        for (Sized s : all) { // each summary names its contributors: about 860 per taskforce at 100k messages
            s.out.put(
                    "taskforce list answer (KiB)",
                    answerBytes(http, get(s.base(), "/v1/taskforces?limit=20")) / 1024.0);
        }
        single(all, http, "taskforce detail", (s, i) -> get(s.base(), "/v1/taskforces/tf-" + (i % TASKFORCES)));
        single(
                all,
                http,
                "taskforce notes page",
                (s, i) -> get(s.base(), "/v1/taskforces/tf-" + (i % TASKFORCES) + "/notes?expand=true&limit=20"));
        // one note in ten: 2 per taskforce at 1k messages, 200 at 100k
        single(
                all,
                http,
                "filtered taskforce notes page (type=, 1 in 10, limit=2)",
                (s, i) -> get(s.base(), "/v1/taskforces/tf-" + (i % TASKFORCES) + "/notes?type=finding&limit=2"));
        single(
                all,
                http,
                "taskforce note (raw)",
                (s, i) -> post(
                        s.base(),
                        "/v1/taskforces/tf-" + (i % TASKFORCES) + "/files",
                        "{\"agent_id\":\"agent-" + (i % agents) + "\",\"body\":\"note " + i + " on the kernels\"}"));
        single(
                all,
                http,
                "raw post",
                (s, i) -> post(
                        s.base(),
                        "/v1/messages",
                        "{\"agent_id\":\"agent-" + (i % agents) + "\",\"body\":\"update " + i + " for @agent-"
                                + ((i + 1) % agents) + "\"}"));
        String scratch = "hf://buckets/" + ORG + "/" + SLUG + "-agent-0/";
        single(
                all,
                http,
                "promoted post",
                (s, i) -> post(s.base(), "/v1/messages", "{\"source\":\"" + scratch + "notes/n" + i + ".md\"}"));
        single(
                all,
                http,
                "result promotion",
                (s, i) -> post(s.base(), "/v1/results", "{\"source\":\"" + scratch + "results/r" + i + ".md\"}"));
        for (Sized s : all) {
            polling(s.out, s.base(), agents);
        }
        // Nobody asks for a while, past the listing TTL (CollabConfig's default, 30 s): the first requests after the
        // pause find their listings expired and reload them, the board's included (the 100k messages at 100k).
        Thread.sleep(IDLE.toMillis());
        for (Sized s : all) {
            idle(s.out, http, "board page", get(s.base(), "/v1/messages?expand=true&limit=20"));
            idle(s.out, http, "inbox page", get(s.base(), "/v1/inbox/agent-2?expand=true&limit=20"));
            idle(s.out, http, "channel page", get(s.base(), "/v1/channels/ch-4?expand=true&limit=20"));
            idle(s.out, http, "digest", get(s.base(), "/v1/digest"));
        }
    }

    /** {@value #POLLERS} clients polling inboxes for 30 s, each size's server on its own. */
    private static void polling(Map<String, Double> out, URI base, int agents) throws Exception {
        LatencyRecorder poll = new LatencyRecorder();
        double seconds = Polling.run(
                poll,
                base,
                POLLERS,
                50,
                Duration.ofSeconds(30),
                0,
                false,
                0,
                i -> WireRequest.get(base, "/v1/inbox/agent-" + (i % agents) + "?expand=true&limit=20", null));
        out.put("200-client inbox polling (req/s)", poll.count() / seconds);
        out.put("200-client inbox polling p50 (ms)", poll.percentileMillis(50));
        out.put("200-client inbox polling p99 (ms)", poll.percentileMillis(99));
        out.put("200-client inbox polling p99/p50", poll.percentileMillis(99) / poll.percentileMillis(50));
        out.put("200-client inbox polling errors", (double) poll.errors());
    }

    /** The first request of one kind after the idle pause. */
    private static void idle(Map<String, Double> out, HttpClient http, String name, HttpRequest request)
            throws Exception {
        long s = System.nanoTime();
        check(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode(), name + " after the pause");
        out.put(name + " after " + IDLE.toSeconds() + " s idle (ms)", (System.nanoTime() - s) / 1e6);
    }

    /** The first request of one kind after start, before any other of its kind. */
    private static void first(Map<String, Double> out, HttpClient http, String name, HttpRequest request)
            throws Exception {
        first(out, http, "", name, request);
    }

    /** The first request of one kind after start, its row named with a prefix. */
    private static void first(Map<String, Double> out, HttpClient http, String prefix, String name, HttpRequest request)
            throws Exception {
        long s = System.nanoTime();
        check(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode(), "first " + name);
        out.put(prefix + "first " + name + " after start (ms)", (System.nanoTime() - s) / 1e6);
    }

    /**
     * Loads the HTTP client's code before the restart is timed, with requests to a throwaway JDK server: the
     * clients share the server's JVM, and the first-request figures are the server's, not the client's.
     */
    private static void warmClient(HttpClient client) throws Exception {
        com.sun.net.httpserver.HttpServer dummy =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        dummy.createContext("/", x -> {
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        dummy.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + dummy.getAddress().getPort() + "/");
            for (int i = 0; i < 20; i++) {
                client.send(get(base, "/warm"), HttpResponse.BodyHandlers.ofString());
                client.send(post(base, "/warm", "{}"), HttpResponse.BodyHandlers.ofString());
            }
        } finally {
            dummy.stop(0);
        }
    }

    /** Request {@code i} of a single-client row, to one size's server. */
    @FunctionalInterface
    private interface SizedRequest {
        HttpRequest at(Sized size, int i);
    }

    /**
     * A single-client row on every size: {@link #warmup} requests to each (indices {@value #SINGLE} on, other than
     * the measured ones), then request {@code i} of the {@value #SINGLE} measured ones to each size in turn, in
     * alternating order.
     */
    private static void single(List<Sized> all, HttpClient http, String name, SizedRequest request) throws Exception {
        for (Sized s : all) {
            for (int i = 0; i < warmup; i++) {
                http.send(request.at(s, SINGLE + i), HttpResponse.BodyHandlers.discarding());
            }
        }
        List<LatencyRecorder> recs = new ArrayList<>();
        all.forEach(s -> recs.add(new LatencyRecorder()));
        for (int i = 0; i < SINGLE; i++) {
            for (int k = 0; k < all.size(); k++) {
                int at = i % 2 == 0 ? k : all.size() - 1 - k;
                LatencyRecorder rec = recs.get(at);
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(request.at(all.get(at), i), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 400) {
                    rec.error();
                    if (rec.errors() == 1) {
                        System.err.println(name + " (" + all.get(at).size + "): " + r.statusCode() + " " + r.body());
                    }
                    continue;
                }
                rec.record(System.nanoTime() - t);
            }
        }
        for (int k = 0; k < all.size(); k++) {
            Map<String, Double> out = all.get(k).out;
            LatencyRecorder rec = recs.get(k);
            out.put(name + " p50 (ms)", rec.percentileMillis(50));
            out.put(name + " p99 (ms)", rec.percentileMillis(99));
            if (rec.errors() > 0) {
                out.put(name + " errors", (double) rec.errors());
            }
        }
    }

    /** The size of one answer's body, to tell a larger answer from a costlier one. */
    private static long answerBytes(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        check(r.statusCode(), request.uri().getPath());
        return r.body().length;
    }

    /** The mean number of items of the pages the single-client row of the same requests reads. */
    private static double meanItems(HttpClient http, IntFunction<HttpRequest> request) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long items = 0;
        for (int i = 0; i < SINGLE; i++) {
            HttpResponse<String> r = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
            check(r.statusCode(), "page");
            items += json.readTree(r.body()).path("items").size();
        }
        return (double) items / SINGLE;
    }

    private static void check(int status, String what) {
        if (status >= 400) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).build();
    }

    private static HttpRequest post(URI base, String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
