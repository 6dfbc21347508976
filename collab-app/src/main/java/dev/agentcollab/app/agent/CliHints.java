package dev.agentcollab.app.agent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the server's hints into the terms of {@code collab agent}. The server writes its hints for HTTP clients
 * ({@code re-register with force: true}, {@code register first via POST /v1/agents/register}); on the command line
 * the same advice names the command and flag to use instead. Hints without an HTTP-only term pass unchanged, and
 * the server's own text is never altered, only what the command prints. Stateless.
 */
final class CliHints {
    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            rule("force: true", "collab agent register --force"),
            rule(
                    "register first via POST /v1/agents/register",
                    "register first: collab agent register --model <model> --harness <harness>"),
            new Rule(
                    Pattern.compile("via POST /v1/taskforces/([^/\\s]+)/files"),
                    "with: collab agent taskforce post $1"),
            rule("create it via POST /v1/taskforces", "create it: collab agent taskforce create <name> --body <text>"),
            rule("update it via POST /v1/taskforces", "update it: collab agent taskforce create <name> --body <text>"),
            rule("pick another agent_id", "pick another agent id (--agent)"),
            rule("pick an agent_id that", "pick an agent id (--agent) that"),
            rule("see GET /v1", "see collab agent --help"));

    private CliHints() {}

    private static Rule rule(String literal, String replacement) {
        return new Rule(Pattern.compile(Pattern.quote(literal)), Matcher.quoteReplacement(replacement));
    }

    /**
     * Translates one hint of the server.
     *
     * @param hint the hint as the server sent it
     * @return the hint naming the command line's commands and flags where the server named HTTP requests or JSON
     *     fields, else {@code hint} itself
     */
    static String translate(String hint) {
        String s = hint;
        for (Rule r : RULES) {
            s = r.pattern().matcher(s).replaceAll(r.replacement());
        }
        return s;
    }
}
