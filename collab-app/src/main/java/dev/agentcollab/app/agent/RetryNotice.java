package dev.agentcollab.app.agent;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.RetryListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * How {@code collab agent} waits to retry: one line on stderr before each wait ({@code agent post: rate limited;
 * retrying in 47 s}), so that a person or an agent's shell sees why the command is quiet, and at most
 * {@code --max-wait} in all per command. A wait that would go past it is not started: the call fails at once with the
 * server's error, which prints {@code retry after: N s} and exits 1. Not thread safe (one command, one thread).
 */
final class RetryNotice implements RetryListener {
    private final PrintWriter err;
    private final String command;
    private final Duration budget;
    private Duration waited = Duration.ZERO;

    /**
     * Creates the notice of one command.
     *
     * @param err where the lines go
     * @param command the command's qualified name, the lines' prefix
     * @param budget the longest total wait; zero never waits
     */
    RetryNotice(PrintWriter err, String command, Duration budget) {
        this.err = err;
        this.command = command;
        this.budget = budget;
    }

    @Override
    public void beforeRetry(CollabException failure, Duration delay) {
        if (waited.plus(delay).compareTo(budget) > 0) {
            throw failure;
        }
        waited = waited.plus(delay);
        String why = failure.code() == ErrorCode.RATE_LIMITED
                ? "rate limited"
                : failure.code() + ": " + failure.getMessage();
        long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
        err.println(command + ": " + why + "; retrying in " + seconds + " s");
        err.flush();
    }
}
