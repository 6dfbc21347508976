package dev.agentcollab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param tokens a token file of extra identities ({@link dev.agentcollab.core.service.identity.TokenFile}) that may
 *     join the demo, e.g. an outside harness's agents
 */
public record AppOptions(
        String host, int port, Path dataDir, boolean exitAfterDemo, long seed, boolean help, Optional<Path> tokens) {
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
        Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Options without extra identities.
     *
     * @param host the bind address
     * @param port the server port
     * @param dataDir the data folder
     * @param exitAfterDemo whether to stop after the demo
     * @param seed the demo seed
     * @param help whether only the usage was asked for
     */
    public AppOptions(String host, int port, Path dataDir, boolean exitAfterDemo, long seed, boolean help) {
        this(host, port, dataDir, exitAfterDemo, seed, help, Optional.empty());
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
                return new AppOptions(o.host(), o.port(), o.dataDir(), o.exitAfterDemo(), o.seed(), true, o.tokens());
            }
            return command.options();
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
