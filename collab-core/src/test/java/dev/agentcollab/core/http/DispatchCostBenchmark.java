package dev.agentcollab.core.http;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.http.internal.Dispatcher;
import dev.agentcollab.core.http.internal.Exchange;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's own cost of one inbox poll without the HTTP transport: {@code GET /v1/inbox/agent-<i>?expand=true
 * &limit=20} with the agent's bearer token handed straight to the {@link Dispatcher} (routing, query parsing, the
 * service's page, JSON, ETag), each call on a fresh virtual thread as Jetty runs it. One thread at a time, so the
 * figures are CPU per poll; prints the best and the median of several rounds (the best is the least disturbed by
 * other load on the machine) and the bytes allocated per poll. Not a test: see docs/load-benchmark.md.
 *
 * <p>Usage: {@code DispatchCostBenchmark [agents] [polls-per-round] [rounds]}.
 */
public final class DispatchCostBenchmark {
    private static final String ORG = "bench-org";
    private static final String SLUG = "bench";

    private DispatchCostBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args agents, polls per round, rounds (all optional)
     */
    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int polls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        InMemoryBucketStore store = InMemoryBucketStore.create();
        StaticIdentityProvider.Builder ids =
                StaticIdentityProvider.builder().member("tok-bench", "bench", ORG, "write");
        for (int i = 0; i < agents; i++) {
            ids.member("tok-agent-" + i, "user-" + i, ORG, "write");
        }
        CollabConfig config = ServiceHarness.unlimited(ORG, SLUG).build();
        try (CollabService service = CollabService.builder()
                .store(store)
                .config(config)
                .identity(ids.build())
                .build()) {
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
            CollabServer server = CollabServer.create(
                    c -> c.sessions(service::session).description(ServiceDescription.of(ORG, SLUG)));
            Dispatcher dispatcher =
                    new Dispatcher(server.router(), server.config().maxBodyBytes());
            Poll[] calls = new Poll[agents];
            for (int i = 0; i < agents; i++) {
                calls[i] = new Poll("/v1/inbox/agent-" + i, "expand=true&limit=20", "Bearer tok-agent-" + i);
            }
            run(dispatcher, calls, polls); // warm-up: JIT
            double[] nanos = new double[rounds];
            double[] bytes = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long a0 = allocated();
                long t0 = System.nanoTime();
                run(dispatcher, calls, polls);
                nanos[r] = (System.nanoTime() - t0) / (double) polls;
                bytes[r] = (allocated() - a0) / (double) polls;
            }
            Arrays.sort(nanos);
            Arrays.sort(bytes);
            System.out.printf(
                    Locale.ROOT,
                    "| inbox poll through the dispatcher | %.1f | %.1f | %.1f |%n",
                    nanos[0] / 1e3,
                    nanos[rounds / 2] / 1e3,
                    bytes[rounds / 2] / 1024);
        }
    }

    private static void run(Dispatcher dispatcher, Poll[] calls, int polls) throws Exception {
        for (int n = 0; n < polls; n++) {
            Poll p = calls[n % calls.length];
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    dispatcher.handle(p);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.join();
            if (p.status != 200) {
                throw new IllegalStateException("status " + p.status + " for " + p.path);
            }
        }
    }

    /** Bytes allocated by every thread of this JVM so far, or -1 where the JVM does not tell. */
    private static long allocated() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean")
                    .invoke(null);
            Method total = Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
            return (long) total.invoke(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** A GET exchange whose answer is counted, not sent. */
    private static final class Poll implements Exchange {
        final String path;
        final String query;
        final String authorization;
        volatile int status;

        Poll(String path, String query, String authorization) {
            this.path = path;
            this.query = query;
            this.authorization = authorization;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String rawPath() {
            return path;
        }

        @Override
        public String rawQuery() {
            return query;
        }

        @Override
        public Optional<String> requestHeader(String name) {
            return name.equalsIgnoreCase("Authorization") ? Optional.of(authorization) : Optional.empty();
        }

        @Override
        public List<String> requestHeaders(String name) {
            return requestHeader(name).stream().toList();
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public InputStream requestBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void responseHeader(String name, String value) {
            // not kept
        }

        @Override
        public void send(int status, byte[] body) {
            this.status = status;
        }
    }
}
