package dev.agentcollab.app.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.json.Json;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Where a command prints: with {@code --json}, one line of the API's JSON on stdout per result (errors as the
 * wire's {@code {"error":{"code","message","hint"}}}); otherwise text for people. Errors always also go to stderr
 * as one line with the code, then the hint. Both print the hint in the command line's terms ({@link CliHints}):
 * {@code collab agent register --force} where the server, writing for HTTP clients, says {@code force: true}.
 *
 * @param out standard output
 * @param err standard error
 * @param json whether JSON was asked for
 */
record Output(PrintWriter out, PrintWriter err, boolean json) {
    /**
     * Prints a result.
     *
     * @param value the API value, serialised as the server does
     * @param text prints the human form
     */
    void result(Object value, Consumer<PrintWriter> text) {
        if (json) {
            out.println(toJson(value));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /**
     * Prints a failure.
     *
     * @param command the command's qualified name
     * @param e the error
     */
    void error(String command, CollabException e) {
        err.println(command + ": " + e.code() + ": " + e.getMessage());
        e.hint().map(CliHints::translate).ifPresent(h -> err.println("  hint: " + h));
        e.retryAfter().ifPresent(r -> err.println("  retry after: " + r.toSeconds() + " s"));
        err.flush();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("code", e.code().name());
            error.put("message", e.getMessage());
            e.hint().map(CliHints::translate).ifPresent(h -> error.put("hint", h));
            out.println(root.toString());
            out.flush();
        }
    }

    static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
