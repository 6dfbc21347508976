package dev.agentcollab.inference.distill;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import dev.agentcollab.inference.pair.AcceptanceProfile;
import dev.agentcollab.inference.pair.PairGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code collab drafter}: drafter tools. {@code distill} fits a drafter's head, centroids and post-projection to a
 * target ({@link DrafterDistill}); {@code pair} writes a constructed target/drafter pair whose drafter really
 * predicts its target ({@link PairGenerator}). Exit status: 0 done, 1 failure, 2 bad options.
 */
@Command(
        name = "drafter",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Drafter tools: distill a drafter for a target, or write a pair with real acceptance.",
        subcommands = {DrafterCommand.Distill.class, DrafterCommand.Pair.class})
public final class DrafterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public DrafterCommand() {}

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Turns the tools' argument errors into usage errors (exit 2) naming the option. */
    private static <T> T checked(CommandSpec spec, Supplier<T> make) {
        try {
            return make.get();
        } catch (CollabException e) {
            if (e.code() == ErrorCode.INVALID_REQUEST) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            throw e;
        }
    }

    /** {@code collab drafter distill}. */
    @Command(
            name = "distill",
            mixinStandardHelpOptions = true,
            versionProvider = ProjectVersion.class,
            sortOptions = false,
            description = {
                "Fits a drafter to its target: runs the target on the prompts (one per line), fits the drafter's"
                        + " head, centroids and post_projection to its hidden states and greedy next tokens"
                        + " (closed-form ridge), writes the fitted drafter and prints acceptance per position before"
                        + " and after on held-out prompts."
            })
    public static final class Distill implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--target", required = true, paramLabel = "DIR", description = "the target model (HF layout)")
        Path target;

        @Option(names = "--drafter", required = true, paramLabel = "DIR", description = "the drafter to start from")
        Path drafter;

        @Option(names = "--prompts", required = true, paramLabel = "FILE", description = "prompts, one per line")
        Path prompts;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "where the fitted drafter goes: a folder apart from --target and --drafter")
        Path out;

        @Option(
                names = "--tokens",
                defaultValue = "48",
                paramLabel = "N",
                description = "greedy tokens per prompt (${DEFAULT-VALUE})")
        int tokens;

        @Option(
                names = "--lambda",
                defaultValue = "1e-3",
                paramLabel = "X",
                description = "ridge strength relative to the mean feature energy (${DEFAULT-VALUE})")
        double lambda;

        @Option(
                names = "--k",
                defaultValue = "7",
                paramLabel = "K",
                description = "draft positions measured (${DEFAULT-VALUE})")
        int k;

        private final PrintStream stdout;

        /**
         * Creates the command.
         *
         * @param out where the report goes
         * @param err unused: failures are reported by exception
         */
        public Distill(PrintStream out, PrintStream err) {
            this.stdout = out;
        }

        /** Creates the command printing to standard output. */
        public Distill() {
            this(System.out, System.err);
        }

        @Override
        public Integer call() {
            DrafterDistill.Args a = checked(spec, () -> {
                DrafterDistill.Args parsed = new DrafterDistill.Args(target, drafter, prompts, out, tokens, lambda, k);
                DrafterDistill.requireSeparateOutput(parsed);
                return parsed;
            });
            checked(spec, () -> DrafterDistill.run(a, stdout)); // a bad prompts file is a usage error too
            return Commands.OK;
        }
    }

    /** {@code collab drafter pair}. */
    @Command(
            name = "pair",
            mixinStandardHelpOptions = true,
            versionProvider = ProjectVersion.class,
            sortOptions = false,
            description = {
                "Writes a constructed Gemma-4-shaped target/drafter pair (config + safetensors, HF layout) whose"
                        + " drafter really predicts its target with the named acceptance profile, and prints what it"
                        + " measured."
            })
    public static final class Pair implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "where target/ and drafter/ go")
        Path out;

        @Option(
                names = "--profile",
                defaultValue = "gemma4-mtp",
                paramLabel = "NAME",
                description = "gemma4-mtp, high-0.9 or low-0.3 (${DEFAULT-VALUE})")
        String profile;

        @Option(
                names = "--shape",
                defaultValue = "demo",
                paramLabel = "SHAPE",
                description = "demo or bench (${DEFAULT-VALUE})")
        String shape;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "weights seed (${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--k",
                defaultValue = "7",
                paramLabel = "K",
                description = "draft positions measured (${DEFAULT-VALUE})")
        int k;

        private final PrintStream stdout;

        /**
         * Creates the command.
         *
         * @param out where the report goes
         * @param err unused: failures are reported by exception
         */
        public Pair(PrintStream out, PrintStream err) {
            this.stdout = out;
        }

        /** Creates the command printing to standard output. */
        public Pair() {
            this(System.out, System.err);
        }

        @Override
        public Integer call() {
            PairGenerator.Args a =
                    checked(spec, () -> new PairGenerator.Args(out, AcceptanceProfile.named(profile), shape, seed, k));
            PairGenerator.run(a, stdout);
            return Commands.OK;
        }
    }
}
