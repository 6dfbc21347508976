package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collab harness}: the benchmark harness as jobs run it (jobs harness contract: {@code [HARNESS_ENTRY]
 * --submission-dir DIR --state-dir DIR [--private-dir DIR] <extra args>}). {@link HarnessMain} runs this command
 * in the child JVM of a job; {@link HarnessArgs#parse} uses it to read a command line.
 */
@Command(
        name = "harness",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = {
            "Benchmarks one submission: tokens/s, perplexity gate, multiple-choice accuracy, greedy identity.",
            "Writes summary.json, result.md, summary.txt and chart.png into the state folder.",
            "Exit status: 0 done, 1 the run failed (summary.json holds the error), 2 bad arguments."
        })
public final class HarnessCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "HARNESS_ENTRY",
            description = "the jobs runner's /harness/<entrypoint>: a data folder, or a file next to data/")
    Path entry;

    @Option(names = "--submission-dir", required = true, paramLabel = "DIR", description = "the submission")
    Path submissionDir;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "where the outputs go")
    Path stateDir;

    @Option(names = "--private-dir", paramLabel = "DIR", description = "private evaluation data (wins over the rest)")
    Path privateDir;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "evaluation data (default: HARNESS_ENTRY, else $COLLAB_HARNESS_DATA, else /harness/data)")
    Path dataDir;

    @Option(names = "--reference-model", paramLabel = "DIR", description = "measure this reference model")
    Path referenceModel;

    @Option(names = "--output-len", paramLabel = "N", description = "tokens generated per prompt")
    Integer outputLen;

    @Option(names = "--warmup", paramLabel = "N", description = "untimed warm-up requests")
    Integer warmup;

    @Option(names = "--trials", paramLabel = "N", description = "timed trials; the median is reported")
    Integer trials;

    @Option(names = "--no-baseline", description = "skip the reference baseline measured in the same job")
    boolean noBaseline;

    @Option(names = "--ppl-tolerance", paramLabel = "X", description = "allowed relative perplexity increase")
    Double pplTolerance;

    @Option(names = "--accuracy-tolerance", paramLabel = "X", description = "allowed accuracy drop")
    Double accuracyTolerance;

    @Option(
            names = "--scoring",
            paramLabel = "MODE",
            description = "multiple-choice scoring: log-likelihood or generated-letter")
    String scoring;

    @Option(names = "--identity-prompts", paramLabel = "N", description = "prompts of the greedy-identity check")
    Integer identityPrompts;

    @Option(names = "--identity-tokens", paramLabel = "N", description = "tokens per greedy-identity prompt")
    Integer identityTokens;

    @Option(
            names = "--score-field",
            paramLabel = "NAME",
            defaultValue = "score",
            description = "score field of result.md and summary.json, not another key the harness writes"
                    + " (default: ${DEFAULT-VALUE})")
    String scoreField;

    @Option(names = "--max-seq", paramLabel = "N", description = "positions allocated per sequence, at least 2")
    Integer maxSeq;

    @Option(names = "--quiet", description = "no progress bars")
    boolean quiet;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final InstantSource clock;

    /**
     * Creates the command.
     *
     * @param env the environment (for {@code COLLAB_HARNESS_DATA})
     * @param out where the table is printed
     * @param err where progress and errors go
     * @param ticker the monotonic time source for tokens/s
     * @param clock the wall clock for timestamps
     */
    public HarnessCommand(
            Map<String, String> env, PrintStream out, PrintStream err, Ticker ticker, InstantSource clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the command for the process's environment and clocks.
     *
     * @param out where the table is printed
     * @param err where progress and errors go
     */
    public HarnessCommand(PrintStream out, PrintStream err) {
        this(System.getenv(), out, err, Ticker.system(), InstantSource.system());
    }

    /** Creates the command for the process's environment, standard streams and clocks. */
    public HarnessCommand() {
        this(System.getenv(), System.out, System.err, Ticker.system(), InstantSource.system());
    }

    @Override
    public Integer call() {
        HarnessArgs a;
        try {
            a = toArgs();
        } catch (CollabException e) {
            err.println("collab harness: " + e.getMessage() + " (see 'collab harness --help')");
            return 2;
        }
        return HarnessMain.execute(a, out, err, ticker, clock);
    }

    /**
     * The parsed options as a record.
     *
     * @return the arguments
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a value out of range
     */
    HarnessArgs toArgs() {
        String fallback = Optional.ofNullable(entry)
                .map(e -> (Files.isDirectory(e) ? e : e.resolveSibling("data")).toString())
                .orElse(env.getOrDefault("COLLAB_HARNESS_DATA", "/harness/data"));
        Path data = privateDir != null ? privateDir : dataDir != null ? dataDir : Path.of(fallback);
        try {
            HarnessConfig.Builder b = HarnessConfig.custom();
            if (outputLen != null) {
                b.outputTokens(outputLen);
            }
            if (warmup != null) {
                b.warmupRequests(warmup);
            }
            if (trials != null) {
                b.trials(trials);
            }
            if (noBaseline) {
                b.baseline(false);
            }
            if (pplTolerance != null) {
                b.pplTolerance(pplTolerance);
            }
            if (accuracyTolerance != null) {
                b.accuracyTolerance(accuracyTolerance);
            }
            if (scoring != null) {
                b.scoring(ChoiceScoring.named(scoring));
            }
            HarnessConfig defaults = HarnessConfig.ofDefaults();
            b.identityCheck(
                    identityPrompts != null ? identityPrompts : defaults.identityPrompts(),
                    identityTokens != null ? identityTokens : defaults.identityTokens());
            return new HarnessArgs(
                    submissionDir,
                    stateDir,
                    data,
                    Optional.ofNullable(referenceModel),
                    b.build(),
                    scoreField,
                    maxSeq != null ? maxSeq : EngineSubmissionModel.DEFAULT_MAX_SEQUENCE,
                    !quiet);
        } catch (IllegalArgumentException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, e.getMessage(), HarnessArgs.USAGE);
        }
    }

    /**
     * Parses a command line without running it.
     *
     * @param args the arguments
     * @param env the environment
     * @return the arguments
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} with the usage as hint
     */
    static HarnessArgs parse(java.util.List<String> args, Map<String, String> env) {
        HarnessCommand c = new HarnessCommand(env, System.out, System.err, Ticker.system(), InstantSource.system());
        try {
            new CommandLine(c).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, e.getMessage(), HarnessArgs.USAGE);
        }
        return c.toArgs();
    }
}
