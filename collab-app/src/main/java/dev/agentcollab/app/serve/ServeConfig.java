package dev.agentcollab.app.serve;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.http.DashboardSettings;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.identity.WriteAuth;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed settings of {@code collab serve}, read from {@link ConfigValues}. Cross-key rules (a static identity
 * needs a token file, Hub storage or identity needs a Hub token, the verifier needs a job runner) are checked
 * here, at start-up.
 *
 * @param org the organisation owning every bucket
 * @param slug the collaboration slug
 * @param goal what the collaboration is about
 * @param rules rules every participant follows
 * @param authPolicy who may use the tokenless write routes
 * @param storage where the buckets live
 * @param identity how tokens are checked
 * @param hub the Hub endpoint and the server's token source
 * @param server where the server listens
 * @param metric the score, its direction and guardrail
 * @param limits rate limits
 * @param jobs the job runner and quotas
 * @param verifier the automatic re-run of new best claims
 * @param dashboard the dashboard's title, description and links
 */
public record ServeConfig(
        String org,
        String slug,
        String goal,
        List<String> rules,
        WriteAuth authPolicy,
        Storage storage,
        Identity identity,
        Hub hub,
        Server server,
        Metric metric,
        Limits limits,
        Jobs jobs,
        Verifier verifier,
        Dashboard dashboard) {

    /** Checks for nulls and the cross-key rules. */
    public ServeConfig {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(goal, "goal");
        rules = List.copyOf(rules);
        Objects.requireNonNull(authPolicy, "authPolicy");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(dashboard, "dashboard");
        if (identity.kind() == IdentityKind.STATIC && identity.tokensFile().isEmpty()) {
            throw invalid("identity.kind static needs identity.tokens_file (or COLLAB_IDENTITY_TOKENS_FILE)");
        }
        if (verifier.enabled() && jobs.runner() == JobRunnerKind.NONE) {
            throw invalid("verifier.enabled needs a job runner: set jobs.runner to local or hf-jobs");
        }
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, message);
    }

    /** How bearer tokens are checked. */
    public enum IdentityKind {
        /** A token file: for local and offline use. */
        STATIC,
        /** The Hub's whoami and org membership; organizers are the org's admins. */
        HUB
    }

    /** Where jobs run. */
    public enum JobRunnerKind {
        /** No jobs: {@code POST /v1/jobs:run} answers {@code JOBS_DISABLED}. */
        NONE,
        /** Child processes on the server's machine. */
        LOCAL,
        /** Hugging Face Jobs, billed to the org. */
        HF_JOBS
    }

    /**
     * Where the buckets live.
     *
     * @param buckets the store URI: an absolute {@code file:} folder or {@code hf://buckets}
     * @param central the central bucket
     * @param audit the private audit bucket
     * @param contentCacheBytes how many bytes of heap the content cache may retain (raw and parsed bodies, estimated)
     * @param indexSnapshot the local file of the board index's snapshot, or empty to build the index from the
     *     store at every start
     */
    public record Storage(
            URI buckets, BucketId central, BucketId audit, long contentCacheBytes, Optional<Path> indexSnapshot) {
        /** Checks for nulls and a positive cache size. */
        public Storage {
            Objects.requireNonNull(buckets, "buckets");
            Objects.requireNonNull(central, "central");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(indexSnapshot, "indexSnapshot");
            if (contentCacheBytes < 1) {
                throw new IllegalArgumentException("contentCacheBytes must be >= 1, but was " + contentCacheBytes);
            }
        }

        /**
         * Whether the buckets are on the Hub.
         *
         * @return {@code true} for {@code hf://}
         */
        public boolean onHub() {
            return "hf".equals(buckets.getScheme());
        }
    }

    /**
     * How tokens are checked.
     *
     * @param kind static or hub
     * @param tokensFile the token file of a static identity
     * @param rolesTtl how long Hub org roles are cached
     */
    public record Identity(IdentityKind kind, Optional<Path> tokensFile, Duration rolesTtl) {
        /** Checks for nulls. */
        public Identity {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tokensFile, "tokensFile");
            Objects.requireNonNull(rolesTtl, "rolesTtl");
        }
    }

    /**
     * The Hub endpoint and where the server's own token comes from (never from the configuration file itself, and
     * never logged).
     *
     * @param endpoint the Hub endpoint
     * @param tokenFile a file holding the token, tried first
     * @param tokenEnv the environment variable holding the token otherwise
     */
    public record Hub(URI endpoint, Optional<Path> tokenFile, String tokenEnv) {
        /** Checks for nulls. */
        public Hub {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
        }
    }

    /**
     * Where the server listens.
     *
     * @param host the bind address
     * @param port the port, 0 for any free one
     * @param publicUrl the URL agents use, when it differs from the bind address (a proxy, a Space)
     * @param maxBodyBytes the largest request body
     * @param shutdownGrace how long SIGTERM waits for in-flight requests
     * @param claimRenewal how often the server renews its claim on the collaboration ({@link dev.agentcollab.core.service.claim.WriterClaim})
     * @param limits the timeouts and caps of every connection
     */
    public record Server(
            String host,
            int port,
            Optional<URI> publicUrl,
            long maxBodyBytes,
            Duration shutdownGrace,
            Duration claimRenewal,
            ServerLimits limits) {
        /** Validates the port and the claim renewal, and checks for nulls. */
        public Server {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(publicUrl, "publicUrl");
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
            Objects.requireNonNull(claimRenewal, "claimRenewal");
            Objects.requireNonNull(limits, "limits");
            if (claimRenewal.compareTo(Duration.ofSeconds(1)) < 0) {
                throw invalid("server.claim_renewal must be at least 1s, but was " + claimRenewal);
            }
            if (port < 0 || port > 65_535) {
                throw invalid("server.port must be between 0 and 65535, but was " + port);
            }
            if (maxBodyBytes < 1) {
                throw invalid("server.max_body_bytes must be >= 1, but was " + maxBodyBytes);
            }
        }
    }

    /**
     * The limits the server puts on every connection (docs/serve.md, "Server limits").
     *
     * @param headerTimeout how long a connection may take to send a request's line and headers
     * @param idleTimeout how long a connection may stay silent
     * @param requestTimeout how long one request may take from its headers to the end of its response
     * @param maxConnections the most connections open at once; more wait in the kernel's accept queue
     * @param maxPathSegmentBytes the longest path segment (bytes, after percent-decoding)
     * @param maxPathDepth the most segments a request path may have
     */
    public record ServerLimits(
            Duration headerTimeout,
            Duration idleTimeout,
            Duration requestTimeout,
            int maxConnections,
            int maxPathSegmentBytes,
            int maxPathDepth) {
        /** Validates every limit. */
        public ServerLimits {
            for (Duration d : new Duration[] {headerTimeout, idleTimeout, requestTimeout}) {
                Objects.requireNonNull(d, "timeout");
                if (d.isNegative() || d.isZero()) {
                    throw invalid("server timeouts must be longer than 0s, but one was " + d);
                }
            }
            if (maxConnections < 1 || maxPathSegmentBytes < 1 || maxPathDepth < 1) {
                throw invalid("server.max_connections, server.max_path_segment_bytes and server.max_path_depth must"
                        + " be at least 1");
            }
        }
    }

    /**
     * The score of results.
     *
     * @param field the result frontmatter field
     * @param unit its unit
     * @param order which direction is better
     * @param guardField a guardrail column, or empty
     * @param guardCap the guardrail's cap, or empty
     * @param requiredFields the other fields every result carries
     * @param cosmetic whether the score only orders the board
     * @param strict whether the leaderboard shows only verified results
     */
    public record Metric(
            String field,
            String unit,
            ScoreOrder order,
            Optional<String> guardField,
            Optional<Double> guardCap,
            List<String> requiredFields,
            boolean cosmetic,
            boolean strict) {
        /** Copies the list and checks for nulls. */
        public Metric {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(guardField, "guardField");
            Objects.requireNonNull(guardCap, "guardCap");
            requiredFields = List.copyOf(requiredFields);
            if (guardCap.isPresent() && guardField.isEmpty()) {
                throw invalid("metric.guard_cap needs metric.guard_field");
            }
        }
    }

    /**
     * Rate limits.
     *
     * @param rawMessagePerMinute raw posts per agent and minute
     * @param rawMessagePerHour raw posts per agent and hour
     * @param registrationPerMinute registrations per id and minute
     * @param bucketWriteBurst bucket-write burst
     * @param bucketWritePerMinute sustained bucket writes per minute
     * @param mentionFanoutCap most inbox copies per message
     * @param sourceMaxBytes the largest bucket file promoted (a message, result, taskforce file, bio or trace
     *     manifest given as a source)
     */
    public record Limits(
            int rawMessagePerMinute,
            int rawMessagePerHour,
            int registrationPerMinute,
            int bucketWriteBurst,
            int bucketWritePerMinute,
            int mentionFanoutCap,
            int sourceMaxBytes) {
        /** Validates the limits. */
        public Limits {
            String[] names = {
                "raw_message_per_minute",
                "raw_message_per_hour",
                "registration_per_minute",
                "bucket_write_burst",
                "bucket_write_per_minute",
                "mention_fanout_cap",
                "source_max_bytes"
            };
            int[] values = {
                rawMessagePerMinute,
                rawMessagePerHour,
                registrationPerMinute,
                bucketWriteBurst,
                bucketWritePerMinute,
                mentionFanoutCap,
                sourceMaxBytes
            };
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 1) {
                    throw invalid("limits." + names[i] + " must be at least 1, but was " + values[i]);
                }
            }
        }
    }

    /**
     * Jobs.
     *
     * @param runner where jobs run
     * @param javaHarness whether the bundled Java harness runs (else a Python entrypoint)
     * @param entrypoint the harness file, or empty for the harness's default
     * @param interpreter the program running a Python entrypoint
     * @param extraArgs arguments appended to the harness command
     * @param image the container image of Hub jobs, or empty for the harness's default
     * @param flavor the hardware flavor of Hub jobs
     * @param timeout the runtime cap
     * @param perAgentPerDay launches per agent and 24 h
     * @param perUserPerDay launches per user and 24 h
     * @param workDir the local runner's work folder, or empty for a temporary one
     * @param slots how many local jobs run at once
     */
    public record Jobs(
            JobRunnerKind runner,
            boolean javaHarness,
            Optional<String> entrypoint,
            List<String> interpreter,
            List<String> extraArgs,
            Optional<String> image,
            String flavor,
            Duration timeout,
            int perAgentPerDay,
            int perUserPerDay,
            Optional<Path> workDir,
            int slots) {
        /** Copies the lists and validates the numbers. */
        public Jobs {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(entrypoint, "entrypoint");
            interpreter = List.copyOf(interpreter);
            extraArgs = List.copyOf(extraArgs);
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(flavor, "flavor");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(workDir, "workDir");
            if (perAgentPerDay < 0 || perUserPerDay < 0) {
                throw invalid("jobs.per_agent_per_day and jobs.per_user_per_day must be >= 0");
            }
            if (slots < 1) {
                throw invalid("jobs.slots must be >= 1, but was " + slots);
            }
            if (!javaHarness && interpreter.isEmpty()) {
                throw invalid("jobs.interpreter must name a program for the python harness");
            }
        }
    }

    /**
     * The verifier.
     *
     * @param enabled whether new best claims are re-run
     * @param tolerance the relative score tolerance
     * @param agent the agent id it posts as
     * @param guardField a {@code summary.json} guardrail, or empty
     * @param guardCap the guardrail's cap
     */
    public record Verifier(
            boolean enabled, double tolerance, String agent, Optional<String> guardField, Optional<Double> guardCap) {
        /** Validates the tolerance and the guard pair. */
        public Verifier {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(guardField, "guardField");
            Objects.requireNonNull(guardCap, "guardCap");
            if (tolerance < 0) {
                throw invalid("verifier.tolerance must be >= 0, but was " + tolerance);
            }
            if (guardField.isPresent() != guardCap.isPresent()) {
                throw invalid("verifier.guard_field and verifier.guard_cap go together");
            }
        }
    }

    /**
     * The dashboard.
     *
     * @param enabled whether it is served at {@code /}
     * @param title its title
     * @param description one paragraph under the title
     * @param links labelled links
     * @param settings everything the dashboard shows and how people sign in ({@code dashboard.*}, docs/serve.md)
     */
    public record Dashboard(
            boolean enabled, String title, String description, List<Link> links, DashboardSettings settings) {
        /** Copies the list and checks for nulls. */
        public Dashboard {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(settings, "settings");
            links = List.copyOf(links);
        }
    }

    /**
     * A labelled link.
     *
     * @param label the text shown
     * @param url the target
     */
    public record Link(String label, URI url) {
        /** Checks for nulls. */
        public Link {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * Reads a configuration file, applying the environment.
     *
     * @param file the YAML file
     * @param env the environment
     * @return the settings
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the key and what is allowed
     */
    public static ServeConfig load(Path file, Map<String, String> env) {
        return from(ConfigValues.load(file, env));
    }

    /**
     * Types checked values.
     *
     * @param v the values
     * @return the settings
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the key and what is allowed
     */
    public static ServeConfig from(ConfigValues v) {
        String org = name(v, "org");
        String slug = name(v, "slug");
        Storage storage = new Storage(
                bucketsUri(v),
                bucket(v, "storage.central_bucket", org + "/" + slug + "-main-bucket"),
                bucket(v, "storage.audit_bucket", org + "/" + slug + "-audit"),
                ServerKeys.atLeast(v, "storage.content_cache_mib", 1) * 1024L * 1024L,
                v.path("storage.index_snapshot"));
        Identity identity = new Identity(
                v.choice("identity.kind").equals("hub") ? IdentityKind.HUB : IdentityKind.STATIC,
                v.path("identity.tokens_file"),
                v.duration("identity.roles_ttl"));
        Hub hub = new Hub(uri(v, "hub.endpoint"), v.path("hub.token_file"), v.text("hub.token_env"));
        Server server = ServerKeys.server(v);
        List<String> required = new ArrayList<>();
        required.add(v.text("metric.field"));
        v.list("metric.required_fields").stream()
                .filter(f -> !required.contains(f))
                .forEach(required::add);
        Metric metric = new Metric(
                v.text("metric.field"),
                v.text("metric.unit"),
                v.choice("metric.direction").equals("lower") ? ScoreOrder.ASC : ScoreOrder.DESC,
                v.optionalText("metric.guard_field"),
                v.decimal("metric.guard_cap"),
                required,
                v.bool("metric.cosmetic"),
                v.bool("metric.strict"));
        Limits limits = new Limits(
                ServerKeys.atLeast(v, "limits.raw_message_per_minute", 1),
                ServerKeys.atLeast(v, "limits.raw_message_per_hour", 1),
                ServerKeys.atLeast(v, "limits.registration_per_minute", 1),
                ServerKeys.atLeast(v, "limits.bucket_write_burst", 1),
                ServerKeys.atLeast(v, "limits.bucket_write_per_minute", 1),
                ServerKeys.atLeast(v, "limits.mention_fanout_cap", 1),
                ServerKeys.atLeast(v, "limits.source_max_bytes", 1));
        Jobs jobs = new Jobs(
                switch (v.choice("jobs.runner")) {
                    case "local" -> JobRunnerKind.LOCAL;
                    case "hf-jobs" -> JobRunnerKind.HF_JOBS;
                    default -> JobRunnerKind.NONE;
                },
                v.choice("jobs.harness").equals("java"),
                v.optionalText("jobs.entrypoint"),
                v.list("jobs.interpreter"),
                v.list("jobs.extra_args"),
                v.optionalText("jobs.image"),
                v.text("jobs.flavor"),
                v.duration("jobs.timeout"),
                v.integer("jobs.per_agent_per_day"),
                v.integer("jobs.per_user_per_day"),
                v.path("jobs.work_dir"),
                ServerKeys.atLeast(v, "jobs.slots", 1));
        Verifier verifier = new Verifier(
                v.bool("verifier.enabled"),
                v.decimal("verifier.tolerance").orElse(0.05),
                v.text("verifier.agent"),
                v.optionalText("verifier.guard_field"),
                v.decimal("verifier.guard_cap"));
        Dashboard dashboard = DashboardKeys.read(v, slug);
        return new ServeConfig(
                org,
                slug,
                v.optionalText("about.goal").orElse(""),
                v.list("about.rules"),
                WriteAuth.parse(v.choice("auth_policy")),
                storage,
                identity,
                hub,
                server,
                metric,
                limits,
                jobs,
                verifier,
                dashboard);
    }

    private static String name(ConfigValues v, String key) {
        String s = v.text(key);
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw v.bad(key, s, "a name of letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return s;
    }

    private static BucketId bucket(ConfigValues v, String key, String fallback) {
        String s = v.optionalText(key).orElse(fallback);
        try {
            return BucketId.parse(s);
        } catch (RuntimeException e) {
            throw v.bad(key, s);
        }
    }

    private static URI uri(ConfigValues v, String key) {
        return uriOf(v, key, v.text(key));
    }

    private static final String URL_RULE = "an absolute URL such as https://collab.example.org";

    static URI uriOf(ConfigValues v, String key, String text) {
        try {
            URI u = URI.create(text.strip());
            if (u.getScheme() == null) {
                throw v.bad(key, text, URL_RULE);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw v.bad(key, text, URL_RULE);
        }
    }

    private static URI bucketsUri(ConfigValues v) {
        String s = v.text("storage.buckets");
        if (s.startsWith("file:")) {
            String path = s.substring("file:".length());
            if (path.startsWith("//")) {
                path = URI.create(s).getPath();
            }
            if (path.isBlank()) {
                throw v.bad("storage.buckets", s);
            }
            return v.resolve(path).toUri();
        }
        if (s.equals("hf://buckets") || s.equals("hf://buckets/")) {
            return URI.create("hf://buckets");
        }
        throw CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "key 'storage.buckets' (from " + v.origin("storage.buckets")
                        + ") must be file:<folder> or hf://buckets, but was '" + s + "'",
                "a relative folder resolves against the configuration file's folder");
    }

    /**
     * The service settings.
     *
     * @return org, slug, buckets and limits
     */
    public CollabConfig collabConfig() {
        return CollabConfig.custom(org, slug)
                .centralBucket(storage.central())
                .auditBucket(storage.audit())
                .contentCacheMaxBytes(storage.contentCacheBytes())
                .rawMessagePerMinute(limits.rawMessagePerMinute())
                .rawMessagePerHour(limits.rawMessagePerHour())
                .registrationPerMinute(limits.registrationPerMinute())
                .bucketWriteBurst(limits.bucketWriteBurst())
                .bucketWritePerMinute(limits.bucketWritePerMinute())
                .mentionFanoutCap(limits.mentionFanoutCap())
                .sourceMaxBytes(limits.sourceMaxBytes())
                .orgRolesTtl(identity.rolesTtl())
                .writeAuth(authPolicy)
                .build();
    }

    /**
     * The result, leaderboard and verifier settings.
     *
     * @return the settings
     */
    public ResultsConfig resultsConfig() {
        ResultsConfig.Builder b = ResultsConfig.custom()
                .scoreField(metric.field())
                .scoreUnit(metric.unit())
                .scoreOrder(metric.order())
                .requiredFields(metric.requiredFields())
                .strictLeaderboard(metric.strict())
                .verifierEnabled(verifier.enabled())
                .verifierAgent(verifier.agent())
                .verifierScoreTol(verifier.tolerance());
        metric.guardField().ifPresent(f -> b.leaderboardGuard(f, metric.guardCap()));
        verifier.guardField()
                .ifPresent(f -> b.verifierGuard(f, verifier.guardCap().orElseThrow()));
        return b.build();
    }
}
