package dev.agentcollab.app;

import dev.agentcollab.analysis.BoardAnalysis;
import dev.agentcollab.analysis.BoardAnalysisCommand;
import dev.agentcollab.analysis.BoardAnalysisConfig;
import dev.agentcollab.analysis.BoardAnalysisReport;
import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.app.demo.DemoBenchmark;
import dev.agentcollab.core.bucket.BucketFolders;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.agent.DefaultAgents;
import dev.agentcollab.core.service.job.JobOutcome;
import dev.agentcollab.core.service.verify.Verifier;
import dev.agentcollab.inference.harness.HarnessSummary;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.inference.harness.ResultSubmitter;
import dev.agentcollab.inference.harness.SummaryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the main job does once the collaboration is up, the way real agents would: each demo agent creates its
 * scratch bucket, writes the handshake and registers; the organizer broadcasts the goal; one agent posts a plan
 * from its bucket into a channel and mentions a colleague, who answers in the thread; the two form a taskforce (a
 * README from the lead's bucket, a note from the colleague); then four submissions of a
 * tiny generated model are written (plain, speculative, and speculative with the weights quantised at load time to
 * Q8_0 and to 3-bit levels) and the operator publishes the benchmark data; each agent uploads its submissions to its
 * bucket (the quantisation agent has two), benchmarks each with a quota-limited job, promotes the result (a failed
 * perplexity gate becomes a negative result) and announces it; the verifier
 * re-runs each new best claim as a job on the private set; and the organizer reads the board analysis (how
 * concentrated the ideas are, which known directions nobody explored). Every step
 * goes through the public {@link Collab} API.
 */
public final class DemoScenario {
    private static final Duration JOB_WAIT = Duration.ofMinutes(5);
    /** The taskforce the demo's agents form for the drafter work. */
    static final String TASKFORCE = "mtp-drafter";
    /** The share of the largest idea cluster above which the board analysis warns of agent collapse. */
    private static final double COLLAPSE_THRESHOLD = 0.6;

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
        formTaskforce(leadView, lead, peer, leadBucket);
        steps.step("writing four submissions for a tiny Gemma-4-shaped target whose MTP drafter really predicts it"
                + " (plain decoding, MTP speculative k=3, and MTP with the weights quantised at load time to Q8_0 and"
                + " to 3-bit levels) and measuring the reference perplexity");
        Path runDir = runsDir.resolve(RUN_STAMP.format(clock.instant()));
        List<Path> submissions = DemoBenchmark.prepareSuite(runDir, seed, progress);
        publishBenchmarkData(runDir.resolve("data"));
        // plain: eval-keeper, speculative: drafter-lab, both quantised runs: kernel-smith
        List<DemoIdentity.DemoAgent> runners = List.of(cast.agents().get(2), lead, peer, peer);
        List<HarnessSummary> summaries = new ArrayList<>();
        List<String> filenames = new ArrayList<>();
        String scoreField = service.results().config().scoreField();
        for (int i = 0; i < submissions.size(); i++) {
            Path submission = submissions.get(i);
            String name = submission.getParent().getFileName().toString();
            DemoIdentity.DemoAgent agent = runners.get(i % runners.size());
            Collab view = service.session(agent.token());
            BucketId bucket = config.agentBucket(agent.agentId());
            String submissionPrefix = "submissions/" + name;
            upload(bucket, submissionPrefix, submission);
            HarnessSummary summary = runJob(
                    view, agent, submissionPrefix, "runs/" + runDir.getFileName() + "-" + name, runDir.resolve(name));
            steps.step(String.format(
                    Locale.ROOT,
                    "%s: %s %.1f tok/s, perplexity %.3f (cap %.3f), %s%s",
                    agent.agentId(),
                    summary.submission(),
                    summary.tps(),
                    summary.ppl(),
                    summary.pplCap(),
                    summary.lossless() ? "lossless" : "lossy",
                    summary.pplPass() ? "" : " -> submitted as a negative result"));
            ResultSubmitter submitter = new ResultSubmitter(view.results(), store, bucket, clock);
            ResultReceipt receipt = submitter.submit(summary, scoreField, submissionPrefix);
            submitter.announce(view.board(), receipt, summary);
            summaries.add(summary);
            filenames.add(receipt.filename());
        }
        steps.step("results " + String.join(", ", filenames) + " promoted and announced");
        Map<String, String> verdicts = awaitVerdicts(filenames);
        steps.step("the organizer checks how concentrated the collaboration's ideas are (Tribuo k-means over the"
                + " board and result methods):");
        BoardAnalysis analysis = BoardAnalysisCommand.analyze(
                organizer.board(), organizer.results(), BoardAnalysisConfig.ofDefaults(), new SplittableRandom(seed));
        BoardAnalysisReport.render(analysis, COLLAPSE_THRESHOLD).lines().forEach(line -> steps.step("  " + line));
        Leaderboard board = organizer.leaderboard().leaderboard(LeaderboardQuery.defaults());
        return new Outcome(summaries, filenames, verdicts, board, runDir);
    }

    /**
     * The lead opens a taskforce for the drafter work with a README from its bucket and the peer, who joins it,
     * leaves a raw note in it.
     */
    private void formTaskforce(
            Collab leadView, DemoIdentity.DemoAgent lead, DemoIdentity.DemoAgent peer, BucketId leadBucket) {
        steps.step(lead.agentId() + " opens taskforce " + TASKFORCE + " and @" + peer.agentId() + " adds a note");
        BucketPath readme = BucketPath.of("taskforces/" + TASKFORCE + "/README.md");
        store.put(
                leadBucket,
                readme,
                ("# " + TASKFORCE + "\n\nMake the MTP drafter's guesses cheaper and more often right: its clustered"
                                + " head, the number of draft tokens, and how acceptance falls with the position.\n\n"
                                + "Members: @" + lead.agentId() + " @" + peer.agentId() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        leadView.taskforces()
                .create(TaskforcePost.fromSource(TASKFORCE, new BucketUri(leadBucket, Optional.of(readme)).toString()));
        service.session(peer.token())
                .taskforces()
                .contribute(
                        TASKFORCE,
                        Contribution.rawNote(
                                peer.agentId(),
                                "Plan: compare the clustered head's top-1 token with the full head's on the"
                                        + " held-out prompts, then measure acceptance per draft position with k=3."));
    }

    /** The operator's bootstrap step: the public harness data in the central bucket, the private set in audit. */
    private void publishBenchmarkData(Path dataDir) {
        CollabConfig config = service.config();
        String harness = service.results().jobsConfig().harnessPrefix() + "/" + LocalCollaboration.HARNESS_ENTRY;
        String privateSet = service.results().config().privateDatasetPrefix();
        steps.step("operator publishes the benchmark data (central " + harness + ", private " + privateSet
                + " in the audit bucket)");
        upload(config.centralBucket(), harness, dataDir);
        upload(config.auditBucket(), privateSet, dataDir);
    }

    private void upload(BucketId bucket, String prefix, Path dir) {
        try {
            BucketFolders.upload(store, bucket, prefix, dir);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot read " + dir).withCause(e);
        }
    }

    /** Waits for the verifier's re-runs of new best claims (local jobs on the private set). */
    private Map<String, String> awaitVerdicts(List<String> filenames) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        Optional<Verifier> verifier = service.results().verifier();
        for (String filename : filenames) {
            Optional<CompletableFuture<Optional<String>>> run = verifier.flatMap(v -> v.verification(filename));
            if (run.isPresent()) {
                steps.step("verifier re-runs " + filename + " as a local job on the private set");
                String verdict = await(run.get()).flatMap(v -> v).orElse("pending");
                String reason = service.results()
                        .index()
                        .ledgerReason(filename, verdict)
                        .map(r -> ": " + r)
                        .orElse("");
                steps.step("verifier: " + filename + " is " + verdict + reason);
                verdicts.put(filename, verdict);
            }
        }
        return verdicts;
    }

    /**
     * Benchmarks a submission the way an agent does: one quota-limited job through the jobs API, then the run's
     * {@code summary.json} read back from the agent's bucket (also copied to {@code localDir/state}).
     */
    private HarnessSummary runJob(
            Collab view, DemoIdentity.DemoAgent agent, String submissionPrefix, String runPrefix, Path localDir) {
        JobLaunch launch = view.jobs().run(new JobRunRequest(agent.agentId(), submissionPrefix, runPrefix));
        steps.step(String.format(
                Locale.ROOT,
                "%s launched benchmark job %s on %s (quota left today: %d for the agent, %d for its user)",
                agent.agentId(),
                launch.jobId(),
                submissionPrefix,
                launch.quota().agentRemaining(),
                launch.quota().userRemaining()));
        JobOutcome outcome = service.results()
                .harness()
                .flatMap(h -> h.finished(launch.jobId()))
                .flatMap(DemoScenario::await)
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.TIMEOUT, "job " + launch.jobId() + " did not finish within " + JOB_WAIT));
        if (!outcome.completed()) {
            throw CollabException.of(
                    ErrorCode.JOB_LAUNCH_FAILED,
                    "job " + launch.jobId() + " ended " + outcome.status() + ": " + outcome.message(),
                    "see " + launch.logsFile());
        }
        Path state = localDir.resolve("state");
        try {
            BucketFolders.download(store, service.config().agentBucket(agent.agentId()), runPrefix, state);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + state)
                    .withCause(e);
        }
        return SummaryJson.read(state);
    }

    private static <T> Optional<T> await(CompletableFuture<T> future) {
        try {
            return Optional.ofNullable(future.get(JOB_WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
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
     * @param summaries the benchmark summaries, one per submission
     * @param resultFilenames the promoted results' file names in the central bucket, in the same order
     * @param verdicts the verifier's verdict per re-run result ({@code valid}, {@code invalid} or {@code pending})
     * @param leaderboard the leaderboard after the submissions
     * @param runDir the folder of the run's submissions, data and states (summary.json, chart.png, summary.txt)
     */
    public record Outcome(
            List<HarnessSummary> summaries,
            List<String> resultFilenames,
            Map<String, String> verdicts,
            Leaderboard leaderboard,
            Path runDir) {
        /** Copies the collections and checks for nulls. */
        public Outcome {
            summaries = List.copyOf(summaries);
            resultFilenames = List.copyOf(resultFilenames);
            verdicts = Map.copyOf(verdicts);
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
