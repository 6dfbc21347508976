package dev.agentcollab.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the {@code collab} command's logging before the first logger is created. Every module logs through
 * SLF4J; the command binds SLF4J's simple backend ({@code simplelogger.properties}: one line per record on stderr,
 * warnings and errors only) and routes the {@code java.util.logging} records of its dependencies (Tribuo) into it.
 * {@code COLLAB_LOG_LEVEL} ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}, {@code off})
 * sets the default level; {@code collab serve} defaults to {@code info}. A {@code -D} system property for the same
 * key wins over both.
 */
final class CollabLogging {
    /** The simple backend's default-level key. */
    static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /** The variable that sets the default level. */
    static final String VARIABLE = "COLLAB_LOG_LEVEL";

    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    private CollabLogging() {}

    /**
     * The default level for a command line, if it differs from the backend's configured default.
     *
     * @param env the environment
     * @param args the command line
     * @return the level to set
     * @throws IllegalArgumentException when {@code COLLAB_LOG_LEVEL} names no level
     */
    static Optional<String> level(Map<String, String> env, String[] args) {
        String wanted = env.getOrDefault(VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        if (!wanted.isEmpty()) {
            if (!LEVELS.contains(wanted)) {
                throw new IllegalArgumentException(
                        VARIABLE + " must be one of " + String.join(", ", LEVELS) + ", but was '" + wanted + "'");
            }
            return Optional.of(wanted);
        }
        return args.length > 0 && args[0].equals("serve") ? Optional.of("info") : Optional.empty();
    }

    /**
     * Applies {@link #level} (unless the system property is set) and bridges {@code java.util.logging}.
     *
     * @param env the environment
     * @param args the command line
     * @throws IllegalArgumentException when {@code COLLAB_LOG_LEVEL} names no level
     */
    static void configure(Map<String, String> env, String[] args) {
        if (System.getProperty(DEFAULT_LEVEL) == null) {
            level(env, args).ifPresent(l -> System.setProperty(DEFAULT_LEVEL, l));
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
