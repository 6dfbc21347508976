package dev.agentcollab.core.service;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.core.service.board.DefaultBoard;
import dev.agentcollab.core.service.claim.ExclusiveWriter;
import dev.agentcollab.core.service.claim.WriterClaim;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.internal.AuditRecovery;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.result.ResultsContext;
import dev.agentcollab.core.service.result.ResultsDigestSections;
import dev.agentcollab.core.service.status.StatusReport;
import dev.agentcollab.core.service.trace.TraceDigestSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collaboration backend: the only writer of the central bucket, over any {@link BucketStore}. It hands out
 * one {@link Collab} view per caller ({@link #session(String)}); all views share one read model, one set of rate
 * limiters and one audit log, so every write through any view is visible to the next read of every view.
 *
 * <pre>{@code
 * CollabService service = CollabService.builder()
 *         .store(BucketStores.open(URI.create("file:///var/lib/collab")))
 *         .config(CollabConfig.custom("my-org", "fast-gemma").build())
 *         .identity(StaticIdentityProvider.builder().member("tok-1", "alice", "my-org", "admin").build())
 *         .build();
 * Collab alice = service.session("tok-1");
 * }</pre>
 *
 * <p>State that lives only in memory (rate-limiter buckets, caches) resets when a new instance is built over the
 * same store; everything else is in the buckets, including idempotency records and promotion-dedup claims. Building
 * an instance first settles what a stopped one left behind: missing audit rows of committed writes
 * ({@code AuditRecovery}) and unfinished jobs ({@link ResultsContext#reconcileJobs()}), then loads the read model's
 * views and indexes, so that the first request does not pay for them ({@code StartupWarmup}). Thread safe. Closing does
 * not close the store.
 */
public final class CollabService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollabService.class);
    private final ServiceContext context;
    private final List<DigestSection> digestSections;
    private final ResultsContext results;
    private final StatusReport status;
    /** The claim this service writes under, if any: its own ({@link Builder#exclusive}) or its caller's. */
    private final Optional<WriterClaim> claim;

    /** The claim and locks this service took itself ({@link Builder#exclusive}), released at {@link #close()}. */
    private final Optional<ExclusiveWriter> exclusive;

    private CollabService(Builder b, Optional<ExclusiveWriter> exclusive) {
        this.exclusive = exclusive;
        this.claim = exclusive.map(ExclusiveWriter::claim).or(() -> Optional.ofNullable(b.heldClaim));
        BucketStore store = claim.map(c -> c.guard(b.store)).orElse(b.store);
        this.context = ServiceContext.create(b.config, store, b.clock, b.random, b.identity);
        this.status = new StatusReport(context, b.clock.instant(), b.healthChecks);
        store.create(b.config.centralBucket(), true);
        store.create(b.config.auditBucket(), true);
        new AuditRecovery(context.reads(), context.audit()).run();
        this.results = new ResultsContext(
                context, b.results, b.jobs, b.runner(context), b.boardIndexSnapshot.map(CollabService::rankedSnapshot));
        results.reconcileJobs();
        List<DigestSection> sections = new ArrayList<>(b.digestSections);
        sections.add(ResultsDigestSections.leaderboard(results));
        sections.add(ResultsDigestSections.recentResults(results));
        sections.add(new TraceDigestSection(results));
        this.digestSections = List.copyOf(sections);
        StartupWarmup.run(context.reads(), anonymous(), b.boardIndexSnapshot);
    }

    /**
     * Starts a service.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A view for the holder of a bearer token.
     *
     * @param token the bearer token, or {@code null} for a tokenless caller
     * @return the caller's view
     */
    public Collab session(String token) {
        return session(CallContext.ofToken(token));
    }

    /**
     * A view for a caller described by the transport (token, address, user agent for the audit log).
     *
     * @param caller the call context
     * @return the caller's view
     */
    public Collab session(CallContext caller) {
        return new DefaultCollab(context, results, digestSections, status, Objects.requireNonNull(caller, "caller"));
    }

    /**
     * A tokenless view.
     *
     * @return the view
     */
    public Collab anonymous() {
        return session(CallContext.anonymous());
    }

    /**
     * The service's configuration.
     *
     * @return the configuration
     */
    public CollabConfig config() {
        return context.config();
    }

    /**
     * The shared infrastructure, for feature implementations in other packages of collab-core (not API).
     *
     * @return the context
     */
    public ServiceContext context() {
        return context;
    }

    /**
     * The state shared by results, the leaderboard, syncs, traces and jobs (the verification index, the job quota,
     * the harness launcher and the verifier), for embedders and tests that wait for a job or a verdict (not API).
     *
     * @return the results context
     */
    public ResultsContext results() {
        return results;
    }

    /**
     * Completed, with the reason, when another service took this collaboration over: from then on every write of
     * this service is refused with {@link dev.agentcollab.api.error.ErrorCode#CONFLICT}, and it should be stopped.
     * Only a service with a claim ({@link Builder#exclusive}, {@link Builder#claim}) can lose it; the future of
     * one without never completes.
     *
     * @return a future that completes with the reason
     */
    public CompletableFuture<String> claimLost() {
        return claim.map(WriterClaim::lost).orElseGet(CompletableFuture::new);
    }

    /**
     * Names the address this service is reached at in its claim and lock files, so that a second service that is
     * refused names it (a service built {@link Builder#exclusive exclusive}; otherwise nothing happens).
     *
     * @param address e.g. {@code http://10.0.0.7:8080/}
     */
    public void announce(String address) {
        Objects.requireNonNull(address, "address");
        exclusive.ifPresent(e -> e.announce(address));
    }

    /**
     * Stops job watchers, closes the job runner, waits for the audit rows still being written and writes the board
     * index's snapshot when one is configured (the store belongs to the caller and stays open). A snapshot that
     * cannot be written is logged: the next start then reads the board. An {@linkplain Builder#exclusive exclusive}
     * service then releases its claim and locks.
     */
    @Override
    public void close() {
        try {
            try {
                results.close();
            } finally {
                context.audit().flush();
                context.audit().close();
            }
            try {
                DefaultBoard.saveIndex(context.reads());
            } catch (RuntimeException e) {
                LOG.warn(
                        "the board index snapshot could not be written at shutdown; the next start reads the board", e);
            }
        } finally {
            exclusive.ifPresent(ExclusiveWriter::close);
        }
    }

    /**
     * The file the ranked results are kept in between runs: beside the board index's snapshot file, its name plus
     * {@code .results}.
     *
     * @param boardSnapshot the board index's snapshot file
     * @return the file
     */
    public static Path rankedSnapshot(Path boardSnapshot) {
        Path abs = boardSnapshot.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".results");
    }

    /** Builds a {@link CollabService}; not thread safe. */
    public static final class Builder {
        private BucketStore store;
        private CollabConfig config;
        private IdentityProvider identity = StaticIdentityProvider.builder().build();
        private InstantSource clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private final List<DigestSection> digestSections = new ArrayList<>();
        private final List<HealthCheck> healthChecks = new ArrayList<>();
        private ResultsConfig results = ResultsConfig.ofDefaults();
        private JobsConfig jobs = JobsConfig.ofDefaults();
        private JobRunner runner;
        private Optional<Path> boardIndexSnapshot = Optional.empty();
        private String exclusiveProgram;
        private Duration exclusiveRenewal;
        private WriterClaim heldClaim;

        private Builder() {}

        /**
         * Makes this service the only one writing its collaboration, on this machine and on any other: {@link
         * #build()} takes ({@link ExclusiveWriter}) OS locks on the local files only it may write (beside a {@code
         * file:} central bucket's folder and the index snapshot) and a claim in the audit bucket ({@link
         * WriterClaim}, which services on other machines over the same {@code hf://} buckets read) before it recovers
         * or writes anything, and fails with {@link dev.agentcollab.api.error.ErrorCode#CONFLICT} naming the service that holds
         * them. A claim left by a crashed process of this machine is taken over at once; one of another machine is
         * taken over when it is not renewed for {@value WriterClaim#EXPIRES_AFTER} of its renewal periods, so a start
         * can wait that long. The service renews its claim every {@code renewal} and releases both at {@link
         * CollabService#close()}; should another service take the collaboration over anyway (this process was
         * suspended past the claim's expiry), every further write is refused and {@link CollabService#claimLost()}
         * completes. The claim keeps the system clock's time, not the service's {@link #clock clock}'s (it is about
         * other processes, and a start waits for them in real time). Without this, the application must make sure of
         * it itself (default: no claim).
         *
         * @param program what this service is, as another one's refusal names it (e.g. {@code "lab-backend"})
         * @param renewal how often the claim is renewed ({@link WriterClaim#RENEW} is the usual period; at least a
         *     second)
         * @return this builder
         */
        public Builder exclusive(String program, Duration renewal) {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(renewal, "renewal");
            if (program.isBlank()) {
                throw new IllegalArgumentException("program is blank");
            }
            if (renewal.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("renewal under a second: " + renewal);
            }
            exclusiveProgram = program;
            exclusiveRenewal = renewal;
            heldClaim = null;
            return this;
        }

        /**
         * Writes through a claim its caller took and renews ({@link WriterClaim#take}, for a caller that has more to
         * check between taking it and building the service, as {@code collab serve} checks its port): once it is
         * lost every write of the service is refused and {@link CollabService#claimLost()} completes. The caller
         * releases it. Replaces {@link #exclusive}.
         *
         * @param held the claim on this service's audit bucket
         * @return this builder
         */
        public Builder claim(WriterClaim held) {
            heldClaim = Objects.requireNonNull(held, "held");
            exclusiveProgram = null;
            return this;
        }

        /**
         * Keeps the board's channel, thread, author, type and via index in a local snapshot file (default: none, the
         * index is built from the store at every start). The service loads it at start-up, checks every entry against
         * the board's listing (changed and new messages are read again, removed ones dropped, a damaged snapshot or
         * one of another bucket is ignored), and writes it after its first build, every 1,000 changes and at
         * {@link #close()}. One file per service instance: the snapshot is a cache of this process, not shared data.
         * The {@code q} text index of each folder searched is saved beside it, in the folder {@code <file>.text}, and
         * loaded at start-up the same way (docs/storage-design.md §7), and so are the results in leaderboard order,
         * in the file {@code <file>.results} ({@link #rankedSnapshot}): a start then reads only the results that
         * changed since it was written.
         *
         * @param file the snapshot file, e.g. {@code data/board-index.snapshot}
         * @return this builder
         */
        public Builder boardIndexSnapshot(Path file) {
            boardIndexSnapshot = Optional.of(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Sets the result, leaderboard, sync and verifier settings (default: {@link ResultsConfig#ofDefaults()}).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder results(ResultsConfig value) {
            results = Objects.requireNonNull(value, "results");
            return this;
        }

        /**
         * Sets the job settings (default: {@link JobsConfig#ofDefaults()}, jobs disabled).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder jobs(JobsConfig value) {
            jobs = Objects.requireNonNull(value, "jobs");
            return this;
        }

        /**
         * Sets the job runner (default when jobs or the verifier are enabled: a {@link LocalProcessJobRunner}
         * over the store, working in a temporary folder). The service closes it.
         *
         * @param value the runner, e.g. an {@code HfJobsRunner}
         * @return this builder
         */
        public Builder jobRunner(JobRunner value) {
            runner = Objects.requireNonNull(value, "runner");
            return this;
        }

        private Optional<JobRunner> runner(ServiceContext context) {
            if (runner != null) {
                return Optional.of(runner);
            }
            if (!jobs.enabled() && !results.verifierEnabled()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new LocalProcessJobRunner(
                        context.store(), Files.createTempDirectory("collab-jobs"), context.random()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the local job folder", e);
            }
        }

        /**
         * Sets the store (required).
         *
         * @param value the store holding the central, audit and agent buckets
         * @return this builder
         */
        public Builder store(BucketStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Sets the configuration (required).
         *
         * @param value the configuration
         * @return this builder
         */
        public Builder config(CollabConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * Sets the identity provider (default: an empty token table, so every token is rejected).
         *
         * @param value the provider
         * @return this builder
         */
        public Builder identity(IdentityProvider value) {
            identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /**
         * Sets the time source (default: the UTC system clock).
         *
         * @param value the time source
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the randomness source (default: {@link RandomGenerator#getDefault()}).
         *
         * @param value the generator
         * @return this builder
         */
        public Builder random(RandomGenerator value) {
            random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Adds a digest section contributed by another feature.
         *
         * @param section the section
         * @return this builder
         */
        public Builder digestSection(DigestSection section) {
            digestSections.add(Objects.requireNonNull(section, "section"));
            return this;
        }

        /**
         * Adds a deployment check that {@code GET /v1/status} runs beside the service's own.
         *
         * @param check the check
         * @return this builder
         */
        public Builder healthCheck(HealthCheck check) {
            healthChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Builds the service, creating the central and audit buckets when they are missing.
         *
         * @return the service
         * @throws IllegalStateException when the store or configuration is missing
         * @throws dev.agentcollab.api.error.CollabException {@code CONFLICT} when the service is {@linkplain
         *     #exclusive exclusive} and another service holds the collaboration
         */
        public CollabService build() {
            if (store == null || config == null) {
                throw new IllegalStateException("store and config are required");
            }
            if (exclusiveProgram == null) {
                return new CollabService(this, Optional.empty());
            }
            ExclusiveWriter taken = ExclusiveWriter.take(
                    store,
                    config.centralBucket(),
                    config.auditBucket(),
                    boardIndexSnapshot,
                    exclusiveProgram,
                    exclusiveRenewal);
            try {
                return new CollabService(this, Optional.of(taken));
            } catch (RuntimeException e) {
                taken.close();
                throw e;
            }
        }
    }
}
