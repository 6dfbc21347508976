package dev.agentcollab.app;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.agent.DefaultAgents;
import dev.agentcollab.inference.harness.DemoBenchmark;
import dev.agentcollab.inference.harness.HarnessSummary;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.inference.harness.ResultSubmitter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the main job does once the collaboration is up, the way real agents would: each demo agent creates its
 * scratch bucket, writes the handshake and registers; the organizer broadcasts the goal; one agent posts a plan
 * from its bucket into a channel and mentions a colleague, who answers in the thread; then the agent runs the
 * benchmark harness on a tiny generated model, promotes the result from its bucket and announces it. Every step
 * goes through the public {@link Collab} API.
 */
public final class DemoScenario {
    private static final DateTimeFormatter RUN_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final CollabService service;
    private final BucketStore store;
    private final DemoIdentity cast;
    private final Steps steps;
    private final InstantSource clock;

    /**
     * Creates the scenario.
     *
     * @param service the running service
     * @param store the store of the agents' scratch buckets
     * @param cast the organizer and agents
     * @param steps where progress is reported
     * @param clock names the runs
     */
    public DemoScenario(CollabService service, BucketStore store, DemoIdentity cast, Steps steps, InstantSource clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.store = Objects.requireNonNull(store, "store");
        this.cast = Objects.requireNonNull(cast, "cast");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the scenario.
     *
     * @param runsDir the folder under which this run's benchmark files are written
     * @param seed the seed of the demo model and data
     * @param progress receives the benchmark's progress
     * @return what the run produced
     */
    public Outcome run(Path runsDir, long seed, ProgressListener progress) {
        CollabConfig config = service.config();
        for (DemoIdentity.DemoAgent agent : cast.agents()) {
            steps.step("register agent " + agent.agentId() + " (scratch bucket " + config.agentBucket(agent.agentId())
                    + ")");
            register(agent);
        }
        Collab organizer = service.session(cast.organizerToken());
        DemoIdentity.DemoAgent lead = cast.agents().get(0);
        DemoIdentity.DemoAgent peer = cast.agents().get(1);
        steps.step("organizer broadcasts the goal");
        organizer
                .board()
                .post(MessagePost.raw(
                                "human-" + cast.organizer(),
                                "Goal: maximise decode tokens/s of the target model with perplexity within 5% of the"
                                        + " reference and no accuracy loss. Post plans before and results after work.")
                        .asBroadcast());
        steps.step(lead.agentId() + " posts a plan in #drafting and mentions @" + peer.agentId());
        Collab leadView = service.session(lead.token());
        BucketId leadBucket = config.agentBucket(lead.agentId());
        BucketPath plan = BucketPath.of("drafts/plan.md");
        store.put(
                leadBucket,
                plan,
                ("Plan: speculative decoding with the MTP drafter, k=3 draft tokens, greedy verification so the output"
                                + " is identical to plain decoding. @" + peer.agentId()
                                + " can you check the drafter's clustered head on the GPU?\n")
                        .getBytes(StandardCharsets.UTF_8));
        PostReceipt planPost = leadView.board()
                .post(MessagePost.fromSource(new BucketUri(leadBucket, Optional.of(plan)).toString())
                        .inChannel("drafting"));
        steps.step(peer.agentId() + " answers in the thread");
        service.session(peer.token())
                .board()
                .post(MessagePost.raw(peer.agentId(), "On it: I will compare the clustered head with the full head.")
                        .inChannel("drafting")
                        .replyTo(planPost.filename()));
        steps.step(lead.agentId() + " runs the benchmark harness (tiny random Gemma-4-shaped model + MTP drafter)");
        Path runDir = runsDir.resolve(RUN_STAMP.format(clock.instant()));
        HarnessSummary summary = DemoBenchmark.run(runDir, seed, progress);
        steps.step(String.format(
                Locale.ROOT,
                "benchmark done: %.1f tok/s, perplexity %.3f (cap %.3f), %s",
                summary.tps(),
                summary.ppl(),
                summary.pplCap(),
                summary.lossless() ? "lossless" : "lossy"));
        ResultSubmitter submitter = new ResultSubmitter(leadView.results(), store, leadBucket, clock);
        ResultReceipt receipt =
                submitter.submit(summary, service.results().config().scoreField(), "artifacts/demo-run");
        submitter.announce(leadView.board(), receipt, summary);
        steps.step("result " + receipt.filename() + " promoted and announced");
        Leaderboard board = organizer.leaderboard().leaderboard(LeaderboardQuery.defaults());
        return new Outcome(summary, receipt.filename(), board, runDir);
    }

    private void register(DemoIdentity.DemoAgent agent) {
        BucketId bucket = service.config().agentBucket(agent.agentId());
        store.create(bucket, true);
        store.put(
                bucket,
                BucketPath.of(DefaultAgents.HANDSHAKE),
                (agent.hfUser() + "\n").getBytes(StandardCharsets.UTF_8));
        service.session(agent.token())
                .agents()
                .register(RegisterRequest.of(agent.agentId(), agent.model(), "agent-collab-java demo", List.of("java"))
                        .forced());
    }

    /**
     * What one run of the scenario produced.
     *
     * @param summary the benchmark summary
     * @param resultFilename the promoted result's file name in the central bucket
     * @param leaderboard the leaderboard after the submission
     * @param runDir the folder of the run's submission, data and state (summary.json, chart.png)
     */
    public record Outcome(HarnessSummary summary, String resultFilename, Leaderboard leaderboard, Path runDir) {
        /** Checks for nulls. */
        public Outcome {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(resultFilename, "resultFilename");
            Objects.requireNonNull(leaderboard, "leaderboard");
            Objects.requireNonNull(runDir, "runDir");
        }
    }

    /** Receives one line per step of the scenario. */
    @FunctionalInterface
    public interface Steps {
        /**
         * Reports a step.
         *
         * @param description what happens now
         */
        void step(String description);
    }
}
