package dev.agentcollab.app;

import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collab demo}: a local collaboration on file buckets (server + dashboard), the demo scenario played through
 * the public API, then serving until interrupted. Exit status: 0 done, 1 failure, 2 bad options.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = {
            "Plays a local collaboration on file buckets, then serves it.",
            "Three agents register, talk, benchmark a tiny model through jobs and submit results; then the API and"
                    + " the dashboard are served until Ctrl-C."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "server port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDR",
            description = "bind address (default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--data",
            defaultValue = "collab-data",
            paramLabel = "DIR",
            description = "folder of the file buckets and runs (default ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--seed",
            defaultValue = "7",
            paramLabel = "N",
            description = "seed of the demo model and data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--exit-after-demo", description = "stop after the demo instead of serving until Ctrl-C")
    boolean exitAfterDemo;

    @Option(
            names = "--tokens",
            paramLabel = "FILE",
            description = "extra identities (YAML token file: token -> user, org, role) that may join the demo")
    Path tokens;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean waitForInterrupt;

    /**
     * Creates the command.
     *
     * @param out where the steps and the summary are printed
     * @param err where errors and progress bars go
     * @param waitForInterrupt whether to keep serving until the JVM is interrupted (unless the options say exit)
     */
    public DemoCommand(PrintStream out, PrintStream err, boolean waitForInterrupt) {
        this.out = out;
        this.err = err;
        this.waitForInterrupt = waitForInterrupt;
    }

    /**
     * Creates the command that serves until interrupted.
     *
     * @param out where the steps and the summary are printed
     * @param err where errors and progress bars go
     */
    public DemoCommand(PrintStream out, PrintStream err) {
        this(out, err, true);
    }

    @Override
    public Integer call() {
        return CollabApp.play(options(), out, err, waitForInterrupt);
    }

    /**
     * The parsed options.
     *
     * @return the options
     * @throws CommandLine.ParameterException for a value out of range
     */
    AppOptions options() {
        try {
            return new AppOptions(host, port, data, exitAfterDemo, seed, false, Optional.ofNullable(tokens));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
    }
}
