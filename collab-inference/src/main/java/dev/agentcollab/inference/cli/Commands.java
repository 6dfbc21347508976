package dev.agentcollab.inference.cli;

import dev.agentcollab.api.error.CollabException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Runs picocli commands with the conventions of the {@code collab} tool: {@code --help} and {@code --version} print
 * to {@code out} and exit 0; a bad argument prints one line ({@code collab serve: Unknown option: '--x' (see
 * 'collab serve --help')}) to {@code err} and exits 2; a command's own failure exits with the code it returns
 * (1 by convention); an unexpected exception prints one line and exits 1.
 */
public final class Commands {
    /** Exit status of a successful run, {@code --help} and {@code --version}. */
    public static final int OK = 0;

    /** Exit status of a run that failed. */
    public static final int FAILED = 1;

    /** Exit status of bad arguments. */
    public static final int USAGE = 2;

    private Commands() {}

    /**
     * Wraps a command object in a configured command line.
     *
     * @param command the annotated command
     * @param out where help, version and results go
     * @param err where errors go
     * @return the command line
     */
    public static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(Objects.requireNonNull(command, "command"));
        return configure(cl, out, err);
    }

    /**
     * Applies the conventions to a command line and all its subcommands.
     *
     * @param cl the command line
     * @param out where help, version and results go
     * @param err where errors go
     * @return {@code cl}
     */
    public static CommandLine configure(CommandLine cl, PrintStream out, PrintStream err) {
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            failed.getErr().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, failed, parsed) -> {
            // the project's own failures by code and message; anything else with its class, which says what broke
            String why = e instanceof CollabException c ? c.code() + ": " + c.getMessage() : e.toString();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + why);
            failed.getErr().flush();
            return FAILED;
        });
        return cl;
    }

    /**
     * Parses and runs a command with the conventions above.
     *
     * @param command the annotated command
     * @param args the arguments
     * @param out where help, version and results go
     * @param err where errors go
     * @return the exit status
     */
    public static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        return commandLine(command, out, err).execute(args);
    }
}
