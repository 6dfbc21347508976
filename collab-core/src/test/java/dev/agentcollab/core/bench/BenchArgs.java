package dev.agentcollab.core.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A benchmark's command line: {@code --name} and {@code --name=VALUE} flags, in any order and anywhere, and the
 * positional arguments around them. A command line the benchmark cannot run is a {@link UsageError}, which
 * {@link #main} turns into a one-line message, the usage and exit status 2 instead of a stack trace.
 */
public final class BenchArgs {
    /** What the benchmark does with its parsed command line. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the benchmark.
         *
         * @param args the parsed command line
         * @throws Exception a failure of the run itself (not of its command line)
         */
        void run(BenchArgs args) throws Exception;
    }

    /** A command line the benchmark cannot run; its message says which argument and why. */
    public static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the error.
         *
         * @param message which argument is wrong and why
         */
        public UsageError(String message) {
            super(message);
        }
    }

    private final Map<String, String> flags;
    private final List<String> positional;

    private BenchArgs(Map<String, String> flags, List<String> positional) {
        this.flags = flags;
        this.positional = positional;
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments as {@code main} got them
     * @param known the flag names the benchmark takes, e.g. {@code --warmup}
     * @return the parsed command line
     * @throws UsageError for a flag not in {@code known} or given twice
     */
    public static BenchArgs parse(String[] args, Set<String> known) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!known.contains(name)) {
                throw new UsageError(
                        "unknown option " + name + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
            if (flags.containsKey(name)) {
                throw new UsageError(name + " is given twice");
            }
            flags.put(name, eq < 0 ? null : arg.substring(eq + 1));
        }
        return new BenchArgs(flags, positional);
    }

    /**
     * Parses the command line and runs the benchmark; a {@link UsageError}, from the parse or from the body's
     * reading of its arguments, prints {@code error: ...} and the usage on standard error and exits with status 2.
     *
     * @param usage the benchmark's usage line
     * @param args the arguments as {@code main} got them
     * @param known the flag names the benchmark takes
     * @param body the benchmark
     * @throws Exception a failure of the run itself
     */
    public static void main(String usage, String[] args, Set<String> known, Body body) throws Exception {
        try {
            body.run(parse(args, known));
        } catch (UsageError e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: " + usage);
            System.exit(2);
        }
    }

    /**
     * Whether a flag was given, with or without a value.
     *
     * @param name the flag, e.g. {@code --if-none-match}
     * @return whether it was given
     */
    public boolean has(String name) {
        return flags.containsKey(name);
    }

    /**
     * A flag given without a value.
     *
     * @param name the flag
     * @return whether it was given
     * @throws UsageError if it was given a value
     */
    public boolean bare(String name) {
        if (flags.get(name) != null) {
            throw new UsageError(name + " takes no value, but was given " + name + "=" + flags.get(name));
        }
        return has(name);
    }

    /**
     * A flag's value, which may be empty.
     *
     * @param name the flag
     * @param otherwise the value when the flag is absent
     * @return the value
     * @throws UsageError if the flag was given without {@code =VALUE}
     */
    public String text(String name, String otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        String value = flags.get(name);
        if (value == null) {
            throw new UsageError(name + " needs a value: " + name + "=...");
        }
        return value;
    }

    /**
     * The value of a flag whose value is optional, e.g. {@code --clients-jvm[=OPTIONS]}.
     *
     * @param name the flag
     * @return its value; empty when it was given bare or not at all
     */
    public String optionalText(String name) {
        String value = flags.get(name);
        return value == null ? "" : value;
    }

    /**
     * A flag's whole-number value.
     *
     * @param name the flag
     * @param otherwise the value when the flag is absent
     * @param min the smallest value accepted
     * @return the value
     * @throws UsageError if the value is missing, not a number or below {@code min}
     */
    public int intFlag(String name, int otherwise, int min) {
        return has(name) ? number(text(name, ""), name, min) : otherwise;
    }

    /**
     * A flag's decimal value.
     *
     * @param name the flag
     * @param otherwise the value when the flag is absent
     * @param min the smallest value accepted
     * @return the value
     * @throws UsageError if the value is missing, not a finite number or below {@code min}
     */
    public double doubleFlag(String name, double otherwise, double min) {
        if (!has(name)) {
            return otherwise;
        }
        String text = text(name, "");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageError(name + " must be a number, but was '" + text + "'");
        }
        if (!Double.isFinite(value) || value < min) {
            throw new UsageError(name + " must be >= " + min + ", but was " + text);
        }
        return value;
    }

    /**
     * The positional arguments, in order.
     *
     * @param max the most the benchmark takes
     * @return them
     * @throws UsageError if there are more than {@code max}
     */
    public List<String> positional(int max) {
        if (positional.size() > max) {
            throw new UsageError("too many arguments: " + positional.subList(max, positional.size()));
        }
        return List.copyOf(positional);
    }

    /**
     * A whole number of the command line.
     *
     * @param text the argument
     * @param what what it counts, for the message, e.g. {@code clients}
     * @param min the smallest value accepted
     * @return the number
     * @throws UsageError if it is not a whole number or below {@code min}
     */
    public static int number(String text, String what, int min) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageError(what + " must be a whole number, but was '" + text + "'");
        }
        if (value < min) {
            throw new UsageError(what + " must be >= " + min + ", but was " + value);
        }
        return value;
    }
}
