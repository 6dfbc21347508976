package dev.agentcollab.core.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs a benchmark's picocli command: {@code --help} prints the usage and exits 0; a command line the benchmark cannot
 * run prints {@code error: ...} naming the argument, then the usage, on standard error and exits 2, before anything is
 * seeded or started; a failure of the run itself prints its stack trace and exits 1.
 */
public final class BenchCommand {
    /** Exit status of a command line the benchmark cannot run. */
    public static final int USAGE = 2;

    private BenchCommand() {}

    /**
     * Parses the command line into {@code command} and runs it.
     *
     * @param command the annotated benchmark command
     * @param args the arguments as {@code main} got them
     * @return the exit status
     */
    public static int execute(Object command, String[] args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, given) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("error: " + e.getMessage());
            failed.usage(err);
            err.flush();
            return USAGE;
        });
        return cl.execute(args);
    }

    /**
     * Checks a count of the command line.
     *
     * @param spec the command, for the error
     * @param what the argument, as the message names it, e.g. {@code --results} or {@code clients}
     * @param value its value
     * @param min the smallest value accepted
     * @throws ParameterException if {@code value} is below {@code min}
     */
    public static void atLeast(CommandSpec spec, String what, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), what + " must be >= " + min + ", but was " + value);
        }
    }

    /**
     * JVM options given as one argument, e.g. {@code "--server-jvm=-Xmx384m -XX:+UseSerialGC"}.
     *
     * @param options the option's value; {@code null} when it was not given
     * @return the options one by one; {@code null} when it was not given
     */
    public static List<String> jvmOptions(String options) {
        if (options == null) {
            return null;
        }
        String stripped = options.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }

    /**
     * For an option whose value is optional and must be attached ({@code --clients-jvm[=OPTIONS]}): given bare, it takes
     * the empty value and leaves the next argument alone, so that {@code --clients-jvm 200 50 20} still means 200
     * clients.
     */
    public static final class AttachedValueOnly implements IParameterPreprocessor {
        /** Creates the preprocessor; picocli instantiates it. */
        public AttachedValueOnly() {}

        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("");
            }
            return false;
        }
    }
}
