package dev.agentcollab.app.agent;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code collab agent result|trace|taskforce|job}, and {@code collab agent}
 * itself through {@link #missingSubcommand}): run without one, it is a usage error (exit 2) naming the subcommands it
 * has, in their declared order.
 */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw missingSubcommand(spec);
    }

    /**
     * The usage error of a group run without a subcommand.
     *
     * @param spec the group's spec
     * @return the error naming the group's subcommands
     */
    static ParameterException missingSubcommand(CommandSpec spec) {
        return new ParameterException(
                spec.commandLine(),
                "missing subcommand: "
                        + alternatives(List.copyOf(spec.subcommands().keySet())));
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String alternatives(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }
}
