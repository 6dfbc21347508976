package dev.agentcollab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Options of {@code collab demo} ({@link DemoCommand}).
 *
 * @param host the address the server binds to (loopback by default)
 * @param port the server port; 0 picks a free one
 * @param dataDir the folder holding the file buckets and the demo runs
 * @param exitAfterDemo whether to stop once the demo has run instead of serving until interrupted
 * @param seed the seed of the demo model and data
 * @param help whether only the usage was asked for
 */
public record AppOptions(String host, int port, Path dataDir, boolean exitAfterDemo, long seed, boolean help) {
    /** Validates the fields. */
    public AppOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (host.isBlank()) {
            throw new IllegalArgumentException("--host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, but was " + port);
        }
    }

    /**
     * Parses command-line arguments with {@link DemoCommand}.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming the offending argument
     */
    public static AppOptions parse(List<String> args) {
        DemoCommand command = new DemoCommand(System.out, System.err, false);
        try {
            CommandLine.ParseResult parsed = new CommandLine(command).parseArgs(args.toArray(String[]::new));
            if (parsed.isUsageHelpRequested()) {
                AppOptions o = command.options();
                return new AppOptions(o.host(), o.port(), o.dataDir(), o.exitAfterDemo(), o.seed(), true);
            }
            return command.options();
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
