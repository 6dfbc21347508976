package dev.agentcollab.inference.bench;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.pair.AcceptanceProfile;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code collab bench spec-decode}: the options of {@link SpecDecodeBench}, which prints a table of decode
 * tokens/s of plain greedy versus speculative decoding on a random Gemma-4-shaped model.
 */
@Command(
        name = "spec-decode",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = "Decode tokens/s: plain greedy vs MTP speculative decoding on a random model (CPU).")
public final class SpecDecodeBenchCommand implements Callable<Integer> {
    @Option(
            names = "--hidden",
            defaultValue = "512",
            paramLabel = "N",
            description = "target hidden size (${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "8", paramLabel = "N", description = "target layers (${DEFAULT-VALUE})")
    int layers;

    @Option(
            names = "--vocab",
            defaultValue = "8192",
            paramLabel = "N",
            description = "vocabulary size (${DEFAULT-VALUE})")
    int vocab;

    @Option(
            names = "--tokens",
            defaultValue = "128",
            paramLabel = "N",
            description = "tokens per prompt (${DEFAULT-VALUE})")
    int tokens;

    @Option(names = "--prompts", defaultValue = "3", paramLabel = "N", description = "prompts (${DEFAULT-VALUE})")
    int prompts;

    @Option(
            names = "--prompt-length",
            defaultValue = "16",
            paramLabel = "N",
            description = "prompt length (${DEFAULT-VALUE})")
    int promptLength;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            paramLabel = "N",
            description = "timed runs per prompt (${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--threads", paramLabel = "N", description = "CPU worker threads (default: all cores)")
    Integer threads;

    @Option(
            names = "--k",
            defaultValue = "2,4,6",
            split = ",",
            paramLabel = "K",
            description = "draft lengths, each in [1, 64] (${DEFAULT-VALUE})")
    List<Integer> ks;

    @Option(
            names = "--agreement",
            defaultValue = "0.6,0.8,0.95",
            split = ",",
            paramLabel = "RATE",
            description = "steered drafter agreement rates, each in [0, 1] (${DEFAULT-VALUE})")
    List<Double> agreements;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "weights and prompts seed (${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--bf16", description = "store the CPU weights as bf16 in the speculative table")
    boolean bf16;

    @Option(
            names = "--formats",
            defaultValue = "f32,bf16,q8_0",
            paramLabel = "LIST",
            description =
                    "weight storages of the forward-cost table (f32, bf16, q8_0, q3_0), or none (${DEFAULT-VALUE})")
    String formats;

    @Option(
            names = "--spec",
            defaultValue = "true",
            arity = "1",
            paramLabel = "BOOL",
            description = "print the speculative decoding table (${DEFAULT-VALUE})")
    boolean specTable;

    @Option(
            names = "--profile",
            paramLabel = "P1/P2/...",
            description = "per-position acceptance profile of the steered rows, or none (default: Gemma 4's MTP"
                    + " assistant, 0.69/0.53/0.43/0.34/0.27/0.22/0.17)")
    String profile;

    @Option(
            names = "--pairs",
            split = ",",
            paramLabel = "NAME",
            description = "constructed pairs with real acceptance whose rows follow the steered ones"
                    + " (gemma4-mtp, high-0.9, low-0.3), or none (the default)")
    List<String> pairs = List.of();

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    /**
     * Creates the command.
     *
     * @param out where the table goes
     */
    public SpecDecodeBenchCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * Creates the command.
     *
     * @param out where the table goes
     * @param err unused: the benchmark reports failures by exception
     */
    public SpecDecodeBenchCommand(PrintStream out, PrintStream err) {
        this(out);
    }

    /** Creates the command printing to standard output. */
    public SpecDecodeBenchCommand() {
        this(System.out);
    }

    @Override
    public Integer call() {
        SpecDecodeBench.run(toArgs(), out);
        return Commands.OK;
    }

    BenchArgs toArgs() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            List<WeightFormat> storages = formats.equals("none")
                    ? List.of()
                    : Arrays.stream(formats.split(","))
                            .map(SpecDecodeBenchCommand::format)
                            .toList();
            List<List<Double>> profiles = profile == null
                    ? List.of(SteeredBackend.GEMMA4_MTP_PROFILE)
                    : profile.equals("none")
                            ? List.of()
                            : List.of(Arrays.stream(profile.split("/"))
                                    .map(SpecDecodeBenchCommand::probability)
                                    .toList());
            List<String> pairNames = pairs.equals(List.of("none")) ? List.of() : pairs;
            for (String name : pairNames) {
                knownPair(name);
            }
            return buildable(new BenchArgs(
                    hidden,
                    layers,
                    vocab,
                    tokens,
                    prompts,
                    promptLength,
                    repeats,
                    t,
                    ks,
                    agreements,
                    seed,
                    bf16,
                    storages,
                    specTable,
                    profiles,
                    pairNames));
        } catch (IllegalArgumentException e) {
            // the running command line (its configured error stream) when picocli runs this command
            CommandLine cl = spec != null ? spec.commandLine() : new CommandLine(this);
            throw new CommandLine.ParameterException(cl, e.getMessage(), e);
        }
    }

    /**
     * The arguments, once the bench's target and drafter of their shape can be built and hold every position a
     * prompt needs; otherwise a usage error naming the option, before anything is built or measured.
     */
    private static BenchArgs buildable(BenchArgs a) {
        int clusters = SpecDecodeBench.drafterClusters(a.vocab());
        if (a.vocab() % clusters != 0) {
            throw new IllegalArgumentException(
                    "--vocab: must be a multiple of 8 (of 64 from 4096), but was " + a.vocab());
        }
        ModelConfig target;
        try {
            target = SpecDecodeBench.targetConfig(a);
            SpecDecodeBench.drafterConfig(a, target);
        } catch (IllegalArgumentException | CollabException e) {
            throw new IllegalArgumentException("--hidden: the bench cannot build a target of hidden " + a.hidden()
                    + " and vocabulary " + a.vocab() + ": " + e.getMessage());
        }
        int positions = SpecDecodeBench.positions(a);
        if (positions > target.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("--prompt-length, --tokens and --k need " + positions
                    + " positions (prompt + tokens + largest K + 2), but the bench's model holds "
                    + target.maxPositionEmbeddings());
        }
        return a;
    }

    /** A weight storage by its lower-case name, or a usage error naming the choices. */
    private static WeightFormat format(String name) {
        return WeightFormat.named(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--formats: unknown weight storage '" + name.strip() + "' (f32, bf16, q8_0, q3_0, or none)"));
    }

    /** One value of {@code --profile}, or a usage error naming it. */
    private static double probability(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--profile: '" + value.strip() + "' is not a number (P1/P2/..., e.g. 0.69/0.53/0.43, or none)");
        }
    }

    /** A usage error naming the choices, before anything is measured, for a pair name the bench does not know. */
    private static void knownPair(String name) {
        try {
            AcceptanceProfile.named(name);
        } catch (CollabException e) {
            throw new IllegalArgumentException(
                    "--pairs: unknown pair '" + name + "' (gemma4-mtp, high-0.9, low-0.3, or none)");
        }
    }

    static BenchArgs parse(String[] args) {
        SpecDecodeBenchCommand c = new SpecDecodeBenchCommand();
        try {
            new CommandLine(c).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return c.toArgs();
    }
}
