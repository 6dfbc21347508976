package dev.agentcollab.app.serve;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.app.onboarding.AgentReadme;
import dev.agentcollab.core.bucket.hf.HfBucketStoreProvider;
import dev.agentcollab.core.bucket.hf.HubTokenFile;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.HealthCheck;
import dev.agentcollab.core.service.claim.ExclusiveWriter;
import dev.agentcollab.core.service.claim.WriterLock;
import dev.agentcollab.core.service.identity.HubIdentityProvider;
import dev.agentcollab.core.service.identity.ReloadingTokenFile;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.core.service.job.HfJobsRunner;
import dev.agentcollab.core.service.job.JavaHarnessPreset;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.core.service.verify.Verifier;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.inference.harness.HarnessMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A running deployment of {@link ServeConfig}: the bucket store, the identity provider, the job runner, the service,
 * the {@code /v1} server and the agent README (written into the central bucket and served at
 * {@code GET /v1/agent-readme}). {@link #close()} stops the server first (in-flight requests finish within the
 * configured grace), then the service (job watchers), then the store.
 */
public final class Deployment implements AutoCloseable {
    /** What this server is, as another one's refusal names it. */
    private static final String PROGRAM = "collab serve";

    private final ServeConfig config;
    private final BucketStore store;
    private final CollabService service;
    private final RunningServer server;
    private final URI publicUrl;
    private final List<String> missingJobFiles;
    private final ExclusiveWriter writer;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Deployment(
            ServeConfig config,
            BucketStore store,
            CollabService service,
            RunningServer server,
            URI publicUrl,
            List<String> missingJobFiles,
            ExclusiveWriter writer) {
        this.writer = writer;
        this.config = config;
        this.store = store;
        this.service = service;
        this.server = server;
        this.publicUrl = publicUrl;
        this.missingJobFiles = List.copyOf(missingJobFiles);
    }

    /**
     * Starts everything the configuration describes.
     *
     * @param config the settings
     * @param env the environment (the Hub token variable)
     * @param clock the service clock
     * @param random ids and tokens
     * @return the running deployment
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a setting that cannot work (a missing token),
     *     {@code UNAVAILABLE} when the port cannot be bound, {@link ErrorCode#CONFLICT} when another server runs
     *     over the same central bucket or index snapshot ({@link WriterLock}; checked before anything is recovered
     *     or written)
     */
    public static Deployment start(ServeConfig config, Map<String, String> env, Clock clock, RandomGenerator random) {
        Objects.requireNonNull(config, "config");
        Optional<HubToken> hubToken = checked(config, env, clock);
        requireHostBindable(config.server().host());
        BucketStore store = openStore(config, hubToken);
        ExclusiveWriter.Locked locked;
        try {
            locked = ExclusiveWriter.lock(
                    store,
                    config.storage().central(),
                    config.storage().indexSnapshot(),
                    PROGRAM,
                    "stop it first, or give this server its own storage.buckets and storage.index_snapshot");
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        JobsConfig jobs = jobsConfig(config);
        CollabService service = null;
        ExclusiveWriter writer = null;
        try {
            requirePortFree(config.server().host(), config.server().port());
            writer = locked.claim(
                    config.collabConfig().auditBucket(), config.server().claimRenewal());
            CollabService.Builder b = CollabService.builder()
                    .store(store)
                    .config(config.collabConfig())
                    .results(config.resultsConfig())
                    .jobs(jobs)
                    .identity(identity(config, hubToken, clock))
                    .clock(clock)
                    .random(random)
                    .claim(writer.claim());
            jobRunner(config, store, hubToken, random).ifPresent(b::jobRunner);
            // GET /v1/status names missing evaluation data until the organizer has put it there
            // (one listing of the harness folder per 30 s, however often the organizer panel asks)
            HealthCheck harness = () -> HarnessFiles.problem(config, HarnessFiles.missing(config, jobs, store));
            b.healthCheck(harness.cachedFor(Duration.ofSeconds(30), clock));
            if ("file".equals(config.storage().buckets().getScheme())) {
                b.healthCheck(
                        new DiskSpace(Path.of(config.storage().buckets())).cachedFor(Duration.ofSeconds(10), clock));
            }
            config.storage().indexSnapshot().ifPresent(b::boardIndexSnapshot);
            service = b.build();
            service.results().verifier().ifPresent(Verifier::reconcile);
            CollabService s = service;
            RunningServer server = CollabServer.create(c -> c.host(
                                    config.server().host())
                            .port(config.server().port())
                            .maxBodyBytes(config.server().maxBodyBytes())
                            .shutdownGrace(config.server().shutdownGrace())
                            .headerTimeout(config.server().limits().headerTimeout())
                            .idleTimeout(config.server().limits().idleTimeout())
                            .requestTimeout(config.server().limits().requestTimeout())
                            .maxConnections(config.server().limits().maxConnections())
                            .maxPathSegmentBytes(config.server().limits().maxPathSegmentBytes())
                            .maxPathDepth(config.server().limits().maxPathDepth())
                            .dashboard(config.dashboard().enabled())
                            .dashboardSettings(config.dashboard().settings())
                            .sessions(s::session)
                            .description(ServiceDescription.from(s))
                            .agentReadme(() -> store.readString(config.storage().central(), AgentReadme.PATH))
                            .clientJar(ClientJar.served()))
                    .start();
            URI publicUrl = config.server().publicUrl().orElse(server.baseUri());
            AgentReadme.publish(store, config.storage().central(), AgentReadme.render(config, publicUrl));
            writer.announce(server.baseUri().toString());
            return new Deployment(
                    config, store, service, server, publicUrl, HarnessFiles.missing(config, jobs, store), writer);
        } catch (RuntimeException e) {
            try {
                if (service != null) {
                    service.close();
                }
                store.close();
            } finally {
                if (writer != null) {
                    writer.close(); // the claim, then the locks
                } else {
                    locked.close();
                }
            }
            throw e;
        }
    }

    /**
     * Runs every check {@link #start} makes that has no side effect: the Hub token a Hub configuration needs, the
     * token file of {@code identity.kind: static} (read and validated) and the resolution of {@code server.host}.
     * Creates no bucket and binds no port; {@code collab serve --check} runs it.
     *
     * @param config the settings
     * @param env the environment (the Hub token variable)
     * @param clock the time source of the file checks
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the setting that cannot work
     */
    public static void check(ServeConfig config, Map<String, String> env, Clock clock) {
        Objects.requireNonNull(config, "config");
        checked(config, env, clock);
    }

    private static Optional<HubToken> checked(ServeConfig config, Map<String, String> env, Clock clock) {
        Optional<HubToken> hubToken = hubToken(config, env, clock);
        boolean needsToken = config.storage().onHub()
                || config.identity().kind() == ServeConfig.IdentityKind.HUB
                || config.jobs().runner() == ServeConfig.JobRunnerKind.HF_JOBS;
        if (needsToken && hubToken.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "this configuration talks to the Hub but has no token: set "
                            + config.hub().tokenEnv() + " or hub.token_file",
                    "the token needs read access to the org's members and write access to its buckets");
        }
        if (config.identity().kind() == ServeConfig.IdentityKind.STATIC) {
            tokenFile(config.identity().tokensFile().orElseThrow(), config.org(), clock);
        }
        resolveHost(config.server().host());
        return hubToken;
    }

    private static java.net.InetAddress resolveHost(String host) {
        try {
            return java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "server.host '" + host + "' cannot be resolved: " + e.getMessage(),
                    HOST_HINT);
        }
    }

    private static final String HOST_HINT =
            "server.host must name an address of this machine: 127.0.0.1 for this machine only, 0.0.0.0 for all";

    /**
     * Fails before any bucket is created or lock taken when {@code server.host} is not an address of this machine
     * (binds an ephemeral port on it for a moment).
     */
    private static void requireHostBindable(String host) {
        java.net.InetAddress address = resolveHost(host);
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw CollabException.of(
                    ErrorCode.UNAVAILABLE, "cannot bind server.host '" + host + "': " + e.getMessage(), HOST_HINT);
        }
    }

    /**
     * Fails before anything is recovered or read when the port is taken (the server binds it only after the
     * recovery and the indexes are ready, which takes seconds on a large collaboration). Binding it for a moment
     * here leaves a race with another program, which the server's own bind still reports.
     */
    private static void requirePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the server's connector does: a socket in TIME_WAIT is no conflict
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw CollabException.of(
                    ErrorCode.UNAVAILABLE,
                    "cannot bind " + host + ":" + port + ": " + e.getMessage(),
                    "pick another port, or 0 for any free one");
        }
    }

    /**
     * The central-bucket files the configured jobs need and lack ({@link HarnessFiles}).
     *
     * @param config the settings
     * @param store the store holding the central bucket
     * @return the missing central-bucket paths
     */
    static List<String> missingJobFiles(ServeConfig config, BucketStore store) {
        return HarnessFiles.missing(config, jobsConfig(config), store);
    }

    /**
     * The server's Hub token: from {@code hub.token_file}, followed as the file changes (a rotated token is used
     * within {@link #TOKEN_FILE_CHECK}, without a restart), else the variable {@code hub.token_env}.
     *
     * @param source the token now
     * @param file the file it comes from, if any
     */
    private record HubToken(java.util.function.Supplier<String> source, Optional<Path> file) {}

    private static Optional<HubToken> hubToken(ServeConfig config, Map<String, String> env, Clock clock) {
        if (config.hub().tokenFile().isPresent()) {
            Path file = config.hub().tokenFile().get();
            try {
                return Optional.of(new HubToken(HubTokenFile.follow(file, clock, TOKEN_FILE_CHECK), Optional.of(file)));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // an empty file: no token (named below when one is needed)
            } catch (UncheckedIOException e) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "cannot read hub.token_file " + file + ": "
                                + e.getCause().getMessage());
            }
        }
        return Optional.ofNullable(env.get(config.hub().tokenEnv()))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(t -> new HubToken(() -> t, Optional.empty()));
    }

    private static BucketStore openStore(ServeConfig config, Optional<HubToken> hubToken) {
        Map<String, String> settings = new HashMap<>();
        if (config.storage().onHub()) {
            settings.put(HfBucketStoreProvider.ENDPOINT, config.hub().endpoint().toString());
            hubToken.ifPresent(t -> t.file()
                    .ifPresentOrElse(
                            f -> settings.put(HfBucketStoreProvider.TOKEN_FILE, f.toString()),
                            () -> settings.put(
                                    HfBucketStoreProvider.TOKEN, t.source().get())));
        }
        return BucketStores.open(config.storage().buckets(), settings);
    }

    private static IdentityProvider identity(ServeConfig config, Optional<HubToken> hubToken, Clock clock) {
        return switch (config.identity().kind()) {
            case STATIC -> tokenFile(config.identity().tokensFile().orElseThrow(), config.org(), clock);
            case HUB ->
                new HubIdentityProvider(
                        HfHubClient.builder()
                                .endpoint(config.hub().endpoint())
                                .tokenSource(hubToken.orElseThrow().source())
                                .build(),
                        config.identity().rolesTtl(),
                        clock);
        };
    }

    /**
     * The identity of {@code identity.kind: static}: the token file, followed as it is edited (a token added or
     * removed takes effect within {@link #TOKEN_FILE_CHECK} without a restart).
     *
     * @param file the token file ({@link TokenFile}'s format)
     * @param org the organisation of entries without {@code org}
     * @param clock the time source of the file checks
     * @return the identity provider
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the file and the bad entry
     */
    static ReloadingTokenFile tokenFile(Path file, String org, Clock clock) {
        try {
            return ReloadingTokenFile.open(file, Optional.of(org), clock, TOKEN_FILE_CHECK);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "identity.tokens_file: " + e.getMessage());
        }
    }

    /** How often, at most, a request compares the token file with the version in use. */
    static final Duration TOKEN_FILE_CHECK = Duration.ofSeconds(1);

    private static JobsConfig jobsConfig(ServeConfig config) {
        ServeConfig.Jobs j = config.jobs();
        JobsConfig.Builder b = JobsConfig.custom()
                .enabled(j.runner() != ServeConfig.JobRunnerKind.NONE)
                .interpreter(j.interpreter())
                .extraArgs(j.extraArgs())
                .flavor(j.flavor())
                .timeout(j.timeout())
                .perAgentPerDay(j.perAgentPerDay())
                .perUserPerDay(j.perUserPerDay());
        j.entrypoint().ifPresent(b::entrypoint);
        j.image().ifPresent(b::image);
        JobsConfig base = b.build();
        if (!j.javaHarness()) {
            return base;
        }
        if (j.runner() == ServeConfig.JobRunnerKind.LOCAL) {
            // the harness of this very jar, in a child JVM; the data folder's name is the entrypoint
            return base.toBuilder()
                    .interpreter(HarnessMain.javaInterpreter())
                    .entrypoint(j.entrypoint().orElse(JavaHarnessPreset.ENTRYPOINT))
                    .build();
        }
        return JavaHarnessPreset.apply(base, j.image().orElse(JavaHarnessPreset.DEFAULT_IMAGE));
    }

    private static Optional<JobRunner> jobRunner(
            ServeConfig config, BucketStore store, Optional<HubToken> hubToken, RandomGenerator random) {
        ServeConfig.Jobs j = config.jobs();
        return switch (j.runner()) {
            case NONE -> Optional.empty();
            case LOCAL -> {
                try {
                    Path dir = j.workDir().isPresent()
                            ? Files.createDirectories(j.workDir().get())
                            : Files.createTempDirectory("collab-jobs");
                    yield Optional.of(new LocalProcessJobRunner(store, dir, random, j.slots()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the job work folder", e);
                }
            }
            case HF_JOBS -> {
                yield Optional.of(new HfJobsRunner(
                        HttpClient.newHttpClient(),
                        config.hub().endpoint(),
                        config.org(),
                        hubToken.orElseThrow().source(),
                        Duration.ofSeconds(30)));
            }
        };
    }

    /**
     * The settings.
     *
     * @return the configuration
     */
    public ServeConfig config() {
        return config;
    }

    /**
     * The address the server listens on.
     *
     * @return e.g. {@code http://127.0.0.1:8080/}
     */
    public URI baseUri() {
        return server.baseUri();
    }

    /**
     * The URL agents are told to use ({@code server.public_url}, else {@link #baseUri()}).
     *
     * @return the URL
     */
    public URI publicUrl() {
        return publicUrl;
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
     * The central-bucket files the jobs need that were missing at start ({@link #missingJobFiles(ServeConfig,
     * BucketStore)}).
     *
     * @return the paths, empty when jobs are off or can run
     */
    public List<String> missingJobFiles() {
        return missingJobFiles;
    }

    /**
     * The store holding every bucket.
     *
     * @return the store
     */
    public BucketStore store() {
        return store;
    }

    /**
     * Completed, with the reason, when another server took this collaboration over (this server's claim had
     * expired, say after the machine was suspended, or both started at the same moment; {@link dev.agentcollab.core.service.claim.WriterClaim}): the
     * deployment must be closed.
     *
     * @return the future, never completed normally otherwise
     */
    public java.util.concurrent.CompletableFuture<String> lost() {
        return writer.claim().lost();
    }

    /** Renews the serve claim now rather than at its next turn (tests). */
    void renewClaim() {
        writer.claim().renew();
    }

    /** Stops everything; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
            service.close();
        } finally {
            try {
                store.close();
            } finally {
                writer.close(); // the claim, then the locks
            }
        }
    }
}
