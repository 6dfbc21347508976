package dev.agentcollab.app.agent;

import dev.agentcollab.api.error.CollabException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code collab agent} subcommand: opens the {@link AgentSession}, runs the operation, and maps
 * failures to exit codes (a {@link CollabException} prints its code and hint and exits 1; a bad setting or local
 * file is a usage error, exit 2). Waits to retry are announced and bounded by {@link RetryNotice}.
 */
abstract class AgentAction implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        CommandLine cl = spec.commandLine();
        AgentCommand root = root();
        try (AgentSession session = root.session()) {
            Output output = new Output(cl.getOut(), cl.getErr(), session.json());
            session.retries(new RetryNotice(cl.getErr(), spec.qualifiedName(), session.maxWait()));
            try {
                execute(session, output);
                return CommandLine.ExitCode.OK;
            } catch (CollabException e) {
                output.error(spec.qualifiedName(), e);
                return CommandLine.ExitCode.SOFTWARE;
            } catch (UncheckedIOException e) {
                cl.getErr()
                        .println(spec.qualifiedName() + ": " + e.getMessage() + ": "
                                + e.getCause().getMessage());
                cl.getErr().flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
        } catch (UsageException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage(), e);
        }
    }

    private AgentCommand root() {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof AgentCommand a) {
                return a;
            }
        }
        throw new IllegalStateException("not inside an AgentCommand");
    }

    /**
     * Runs the operation.
     *
     * @param session the settings, client and store
     * @param out where to print
     */
    protected abstract void execute(AgentSession session, Output out);
}
