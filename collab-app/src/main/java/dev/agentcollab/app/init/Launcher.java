package dev.agentcollab.app.init;

import dev.agentcollab.app.serve.ClientJar;

/**
 * How the person at the terminal starts the {@code collab} tool, for the next steps a command prints: what the
 * {@code ./collab} script was called as (it passes that as the system property {@value #PROPERTY}: {@code ./collab}
 * in the project's folder, {@code collab} through a link on the {@code PATH}), else {@code java -jar <jar>} when the
 * process runs from the packaged jar, else {@code collab}.
 */
final class Launcher {
    /** The system property the {@code ./collab} script sets to the command it was called as. */
    static final String PROPERTY = "collab.command";

    private Launcher() {}

    /**
     * The command that starts the tool, e.g. {@code ./collab}; a subcommand and its arguments follow it.
     *
     * @return the command, never blank
     */
    static String command() {
        String called = System.getProperty(PROPERTY);
        if (called != null && !called.isBlank()) {
            return called.strip();
        }
        return ClientJar.running().map(jar -> "java -jar " + jar).orElse("collab");
    }
}
