package dev.agentcollab.app;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.app.demo.DemoBenchmark;
import dev.agentcollab.app.onboarding.AgentReadme;
import dev.agentcollab.app.serve.ClientJar;
import dev.agentcollab.app.serve.ConfigValues;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.claim.WriterClaim;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.verify.Verifier;
import dev.agentcollab.inference.harness.HarnessMain;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded default deployment: file buckets under one folder, the collaboration service over them, and the
 * {@code /v1} API with the dashboard on one port. Closing stops the server and then the store.
 */
public final class LocalCollaboration implements AutoCloseable {
    /** The organisation of the local collaboration. */
    public static final String ORG = "local-collab";

    /** The collaboration slug: buckets are {@code local-collab/fast-gemma-*}. */
    public static final String SLUG = "fast-gemma";

    /** The agent id under which the verifier announces its verdicts. */
    public static final String VERIFIER = "verifier";

    /** The harness data folder's name under the central bucket's harness prefix (the jobs' entrypoint). */
    public static final String HARNESS_ENTRY = "data";

    private final BucketStore store;
    private final CollabService service;
    private final RunningServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalCollaboration(BucketStore store, CollabService service, RunningServer server) {
        this.store = store;
        this.service = service;
        this.server = server;
    }

    /**
     * Opens the buckets under {@code dataDir/buckets}, builds the service and starts the server.
     *
     * @param options where to keep the data and where to listen
     * @param identity the token table of the local cast
     * @return the running collaboration
     */
    public static LocalCollaboration start(AppOptions options, DemoIdentity identity) {
        Objects.requireNonNull(options, "options");
        Path buckets = options.dataDir().resolve("buckets").toAbsolutePath().normalize();
        BucketStore store = BucketStores.open(URI.create(buckets.toUri().toString()));
        CollabService service = null;
        try {
            service = CollabService.builder()
                    .store(store)
                    .config(CollabConfig.custom(ORG, SLUG).build())
                    .results(resultsConfig())
                    .jobs(jobsConfig())
                    .jobRunner(new LocalProcessJobRunner(
                            store,
                            options.dataDir().resolve("jobs").toAbsolutePath(),
                            new SecureRandom(),
                            1)) // one benchmark at a time: concurrent timing runs would skew each other
                    .identity(identity.provider())
                    // a second demo (or a collab serve) over the same folder is refused, naming this one
                    .exclusive("collab demo", WriterClaim.RENEW)
                    .build();
            // verdicts of re-runs that finished while an earlier process was stopping are recorded now
            service.results().verifier().ifPresent(Verifier::reconcile);
            BucketId central = service.config().centralBucket();
            CollabService s = service;
            RunningServer server = CollabServer.create(b -> b.host(options.host())
                            .port(options.port())
                            .sessions(s::session)
                            .description(ServiceDescription.from(s))
                            .agentReadme(() -> store.readString(central, AgentReadme.PATH))
                            .clientJar(ClientJar.served()))
                    .start();
            AgentReadme.publish(store, central, AgentReadme.render(readmeConfig(buckets), server.baseUri()));
            service.announce(server.baseUri().toString());
            return new LocalCollaboration(store, service, server);
        } catch (CollabException e) {
            closeAfterFailedStart(service, store);
            if (e.code() == ErrorCode.CONFLICT && service == null) { // another demo or server holds the folder
                throw CollabException.of(
                        ErrorCode.CONFLICT, e.getMessage(), "stop it first, or give this demo its own --data folder");
            }
            throw e;
        } catch (RuntimeException e) {
            closeAfterFailedStart(service, store);
            throw e;
        }
    }

    private static void closeAfterFailedStart(CollabService service, BucketStore store) {
        try {
            if (service != null) {
                service.close(); // releases its claim
            }
        } finally {
            store.close();
        }
    }

    /**
     * The demo described as a {@code collab serve} configuration, for its agent README.
     *
     * @param buckets the folder of the file buckets
     * @return the settings
     */
    static ServeConfig readmeConfig(Path buckets) {
        String yaml = String.join(
                "\n",
                "org: " + ORG,
                "slug: " + SLUG,
                "about:",
                "  goal: Make decoding of a tiny Gemma-4-shaped model faster without losing quality (the demo).",
                "storage: {buckets: 'file:" + buckets + "'}",
                "identity: {kind: static, tokens_file: demo-tokens.yaml}",
                "metric: {field: tps, unit: tok/s, direction: higher, guard_field: ppl}",
                "jobs: {runner: local, harness: java}",
                "verifier: {enabled: true, tolerance: 0.5, agent: " + VERIFIER + "}",
                "dashboard: {title: " + SLUG + " (demo)}",
                "");
        return ServeConfig.from(ConfigValues.parse(yaml, "the demo", java.util.Map.of(), buckets));
    }

    /**
     * The leaderboard of the local collaboration: decode tokens/s, higher is better, with the perplexity of the
     * submission's model as the guardrail column. The verifier re-runs every new best claim as a local job on the
     * private data set; since CPU timings on a shared machine are noisy, a re-run within 50% of the claim counts.
     *
     * @return the results settings
     */
    public static ResultsConfig resultsConfig() {
        return ResultsConfig.custom()
                .scoreField("tps")
                .scoreUnit("tok/s")
                .scoreOrder(ScoreOrder.DESC)
                .requiredFields(List.of("tps", "method", "status", "description"))
                .leaderboardGuard("ppl", Optional.empty())
                .verifierEnabled(true)
                .verifierAgent(VERIFIER)
                .verifierScoreTol(0.5)
                // the demo's tiny model times requests of milliseconds: its same-job speed-up carries tens of
                // percent of noise (plain vs plain measured 1.36 and 0.95), so the demo is as lenient here too
                .verifierRatioTol(0.5)
                .build();
    }

    /**
     * Benchmark jobs run locally: the harness of collab-inference in a child JVM with this process's class path,
     * reading the benchmark data from {@code shared_resources/harness/data} in the central bucket, with the demo's
     * output length (the tiny demo model has 512 positions).
     *
     * @return the jobs settings
     */
    public static JobsConfig jobsConfig() {
        return JobsConfig.custom()
                .enabled(true)
                .interpreter(HarnessMain.javaInterpreter())
                .entrypoint(HARNESS_ENTRY)
                .extraArgs(List.of(
                        "--quiet",
                        "--score-field",
                        "tps",
                        "--output-len",
                        Integer.toString(DemoBenchmark.OUTPUT_TOKENS),
                        // each job is a fresh JVM and a tiny model's requests take milliseconds: warm the JIT up
                        // well and take more trials, or the same-job speed-up is mostly start-up noise
                        "--warmup",
                        "32",
                        "--trials",
                        "5"))
                .timeout(Duration.ofMinutes(10))
                .build();
    }

    /**
     * The store holding the central, audit and agent buckets.
     *
     * @return the store
     */
    public BucketStore store() {
        return store;
    }

    /**
     * The service.
     *
     * @return the service
     */
    public CollabService service() {
        return service;
    }

    /**
     * The dashboard and API address.
     *
     * @return e.g. {@code http://127.0.0.1:8080/}
     */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Stops the server, then the service (which releases its claim on the folder), then the store; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a shutdown hook closed it already
        }
        try {
            server.close();
        } finally {
            try {
                service.close(); // releases its claim on the folder
            } finally {
                store.close();
            }
        }
    }
}
