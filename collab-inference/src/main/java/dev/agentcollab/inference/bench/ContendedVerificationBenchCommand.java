package dev.agentcollab.inference.bench;

import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code collab bench contended-verification}: the options of {@link ContendedVerificationBench}, which times a
 * speculative submission and its baseline quietly and under load and judges the claims as the verifier would.
 */
@Command(
        name = "contended-verification",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = "Does the verifier's speed-up hold on a busy machine? Quiet vs busy timings and verdicts (CPU).")
public final class ContendedVerificationBenchCommand implements Callable<Integer> {
    @Option(
            names = "--rounds",
            defaultValue = "3",
            paramLabel = "N",
            description = "quiet/busy rounds (${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--trials",
            defaultValue = "9",
            paramLabel = "N",
            description = "trials per side and timing (${DEFAULT-VALUE})")
    int trials;

    @Option(
            names = "--warmup",
            defaultValue = "8",
            paramLabel = "N",
            description = "unmeasured request pairs before each timing (${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--hidden",
            defaultValue = "384",
            paramLabel = "N",
            description = "target hidden size; the MLP is 4x as wide (${DEFAULT-VALUE})")
    int hidden;

    @Option(
            names = "--tokens",
            defaultValue = "32",
            paramLabel = "N",
            description = "tokens per request (${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--k", defaultValue = "3", paramLabel = "K", description = "draft length (${DEFAULT-VALUE})")
    int draftTokens;

    @Option(
            names = "--spinners",
            paramLabel = "N",
            description = "threads spinning during the busy timing (default: one per processor)")
    Integer spinners;

    @Option(
            names = "--seed",
            defaultValue = "5",
            paramLabel = "N",
            description = "weights and prompts seed (${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    /**
     * Creates the command.
     *
     * @param out where the table goes
     * @param err unused: the benchmark reports failures by exception
     */
    public ContendedVerificationBenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    /** Creates the command printing to standard output. */
    public ContendedVerificationBenchCommand() {
        this(System.out, System.err);
    }

    /**
     * Runs the benchmark; a thin delegate to {@code collab bench contended-verification}.
     *
     * @param args options as in {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Commands.execute(new ContendedVerificationBenchCommand(), args, System.out, System.err));
    }

    @Override
    public Integer call() {
        ContendedVerificationBench.Options o;
        try {
            o = new ContendedVerificationBench.Options(
                    rounds,
                    trials,
                    warmup,
                    hidden,
                    tokens,
                    draftTokens,
                    spinners != null ? spinners : Runtime.getRuntime().availableProcessors(),
                    seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ContendedVerificationBench.run(o, out);
        return Commands.OK;
    }
}
