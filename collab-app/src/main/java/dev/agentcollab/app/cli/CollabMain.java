package dev.agentcollab.app.cli;

import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.util.OptionalInt;
import picocli.CommandLine;

/**
 * Entry point of the {@code collab} command (the packaged jar's main class). Exit status: 0 done (and
 * {@code --help}, {@code --version}), 1 failure, 2 bad arguments (one line on stderr).
 */
public final class CollabMain {
    private CollabMain() {}

    /**
     * Runs the command line and exits with its status (unless the command keeps serving); {@code bench},
     * {@code harness} and {@code drafter} run in a child JVM when this one lacks the Vector API
     * ({@link VectorApiLaunch}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        try {
            CollabLogging.configure(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("collab: " + e.getMessage());
            System.exit(Commands.USAGE);
        }
        OptionalInt child = VectorApiLaunch.runInChildIfNeeded(args, System.err);
        System.exit(child.isPresent() ? child.getAsInt() : run(args, System.out, System.err));
    }

    /**
     * Runs the command line.
     *
     * @param args the command line
     * @param out where results, help and version go
     * @param err where errors and progress go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The configured command tree.
     *
     * @param out where results, help and version go
     * @param err where errors and progress go
     * @return the command line
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(CollabCommand.class, factory(out, err));
        // Commands from library modules that declare no version of their own print the tool's.
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new ProjectVersion());
            }
        }
        return Commands.configure(cl, out, err);
    }

    /**
     * Instantiates commands with the streams when they have a {@code (PrintStream, PrintStream)} constructor, else
     * with picocli's default factory.
     *
     * @param out the output stream
     * @param err the error stream
     * @return the factory
     */
    static CommandLine.IFactory factory(PrintStream out, PrintStream err) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getConstructor(PrintStream.class, PrintStream.class);
                    return c.newInstance(out, err);
                } catch (NoSuchMethodException e) {
                    return fallback.create(cls);
                }
            }
        };
    }
}
