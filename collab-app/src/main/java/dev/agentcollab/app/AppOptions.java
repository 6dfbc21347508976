package dev.agentcollab.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Command-line options of the main job.
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
    /** The usage text printed by {@code --help} and on bad options. */
    public static final String USAGE = String.join(
            "\n",
            "usage: ./collab demo [options]",
            "  --port N           server port (default 8080; 0 = any free port)",
            "  --host ADDR        bind address (default 127.0.0.1)",
            "  --data DIR         folder of the file buckets and runs (default collab-data)",
            "  --seed N           seed of the demo model and data (default 7)",
            "  --exit-after-demo  stop after the demo instead of serving until Ctrl-C",
            "  --tokens FILE      extra identities (YAML token file: token -> user, org, role) that may join",
            "  --help             this text");

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
     * Parses command-line arguments.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming the offending argument
     */
    public static AppOptions parse(List<String> args) {
        String host = "127.0.0.1";
        int port = 8080;
        Path data = Path.of("collab-data");
        boolean exit = false;
        boolean help = false;
        long seed = 7;
        Optional<Path> tokens = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = parseInt(arg, value(args, ++i, arg));
                case "--host" -> host = value(args, ++i, arg);
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = parseLong(arg, value(args, ++i, arg));
                case "--exit-after-demo" -> exit = true;
                case "--tokens" -> tokens = Optional.of(Path.of(value(args, ++i, arg)));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new AppOptions(host, port, data, exit, seed, help, tokens);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int parseInt(String option, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, but was '" + text + "'", e);
        }
    }

    private static long parseLong(String option, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, but was '" + text + "'", e);
        }
    }
}
