package dev.agentcollab.core.service.result;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * A service with results, jobs and verifier settings over a given store: agents {@code agent-N} are owned by
 * {@code ownerN} (token {@code tok-ownerN}); {@code tok-alice} is an org admin.
 */
public final class ResultsHarness implements AutoCloseable {
    public static final String ORG = "org";
    public static final String SLUG = "collab";

    public final BucketStore store;
    public final MutableClock clock;
    public final CollabConfig config = CollabConfig.custom(ORG, SLUG).build();
    public final ResultsConfig results;
    public final JobsConfig jobs;
    private final Function<BucketStore, Optional<JobRunner>> runner;
    private final Optional<java.nio.file.Path> boardSnapshot;
    public final CollabService service;

    public ResultsHarness(
            BucketStore store,
            MutableClock clock,
            ResultsConfig results,
            JobsConfig jobs,
            Function<BucketStore, Optional<JobRunner>> runner) {
        this(store, clock, results, jobs, runner, Optional.empty());
    }

    /**
     * A service that keeps its board index, and the ranked results beside it, in local snapshot files.
     *
     * @param boardSnapshot the board index's snapshot file ({@code CollabService.Builder#boardIndexSnapshot}), or
     *     empty for none
     */
    public ResultsHarness(
            BucketStore store,
            MutableClock clock,
            ResultsConfig results,
            JobsConfig jobs,
            Function<BucketStore, Optional<JobRunner>> runner,
            Optional<java.nio.file.Path> boardSnapshot) {
        this.boardSnapshot = boardSnapshot;
        this.store = store;
        this.clock = clock;
        this.results = results;
        this.jobs = jobs;
        this.runner = runner;
        StaticIdentityProvider.Builder ids =
                StaticIdentityProvider.builder().member("tok-alice", "alice", ORG, "admin");
        for (int i = 0; i < 10; i++) {
            ids.member("tok-owner" + i, "owner" + i, ORG, "write");
        }
        CollabService.Builder b = CollabService.builder()
                .store(store)
                .config(config)
                .identity(ids.build())
                .clock(clock)
                .random(new Random(7))
                .results(results)
                .jobs(jobs);
        runner.apply(store).ifPresent(b::jobRunner);
        boardSnapshot.ifPresent(b::boardIndexSnapshot);
        this.service = b.build();
    }

    public ResultsHarness(BucketStore store, MutableClock clock) {
        this(store, clock, ResultsConfig.ofDefaults(), JobsConfig.ofDefaults(), s -> Optional.empty());
    }

    /**
     * A service over a fresh {@code file:} store in a temporary folder whose central bucket holds the given files,
     * written out of band in one journal batch, with {@code agent-0} to {@code agent-(agents-1)} onboarded; the
     * clock starts at 2026-06-01T10:00:00Z. For benchmarks over a long history.
     *
     * @param files central-bucket path to content
     * @param mtimeMillis the files' write time
     * @param agents how many agents to onboard, at most 10
     * @return the harness
     * @throws java.io.IOException when the store cannot be written
     */
    public static ResultsHarness seeded(java.util.Map<String, byte[]> files, long mtimeMillis, int agents)
            throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("collab-history-bench");
        BucketId central = CollabConfig.custom(ORG, SLUG).build().centralBucket();
        try (var store = dev.agentcollab.core.bucket.file.FileSystemBucketStore.open(root)) {
            store.create(central, true);
        }
        dev.agentcollab.core.bucket.file.FileBucketSeeder.seed(root, central, files, mtimeMillis);
        ResultsHarness h = new ResultsHarness(
                dev.agentcollab.core.bucket.file.FileSystemBucketStore.open(root),
                MutableClock.at("2026-06-01T10:00:00Z"));
        for (int i = 0; i < agents; i++) {
            h.onboard("agent-" + i, i);
        }
        return h;
    }

    /** A new service instance over the same store, clock and settings: a process restart. */
    public ResultsHarness restart() {
        service.close();
        return restart(boardSnapshot);
    }

    /**
     * A new service instance over the same store, clock and settings, with another snapshot file (or none).
     *
     * @param boardSnapshot the board index's snapshot file, or empty for none
     * @return the new harness
     */
    public ResultsHarness restart(Optional<java.nio.file.Path> boardSnapshot) {
        service.close();
        return new ResultsHarness(store, clock, results, jobs, runner, boardSnapshot);
    }

    public Collab as(String token) {
        return service.session(token);
    }

    public Collab anonymous() {
        return service.anonymous();
    }

    public BucketId bucketOf(String agentId) {
        return config.agentBucket(agentId);
    }

    /** Creates the bucket, handshake and registration of {@code agent-N}, owned by {@code ownerN}. */
    public void onboard(String agentId, int owner) {
        store.create(bucketOf(agentId), true);
        put(agentId, ".bucket-sync-handshake", "owner" + owner + "\n");
        as("tok-owner" + owner).agents().register(RegisterRequest.of(agentId, "gemma", "codex", List.of("bash")));
    }

    public void put(String agentId, String path, String text) {
        store.put(bucketOf(agentId), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    public String uri(String agentId, String path) {
        return "hf://buckets/" + ORG + "/" + SLUG + "-" + agentId + "/" + path;
    }

    public Optional<String> central(String path) {
        return store.readString(config.centralBucket(), BucketPath.of(path));
    }

    /** Writes a result file into the agent's bucket and promotes it; the clock moves on a second. */
    public String promote(String agentId, String path, String frontmatter) {
        put(agentId, path, "---\n" + frontmatter + "---\nbody of " + path + "\n");
        String filename = anonymous().results().promote(uri(agentId, path)).filename();
        clock.advance(java.time.Duration.ofSeconds(1));
        return filename;
    }

    /** A valid result frontmatter. */
    public static String fm(Object score, String status) {
        return "score: " + score + "\nmethod: spec-decode\nstatus: " + status + "\ndescription: a run\n";
    }

    @Override
    public void close() {
        service.close();
    }
}
