package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.json.Json;
import java.util.List;

/**
 * The body of {@code GET /v1} (anchor §4): deployment facts, conventions in prose, and the endpoint table in
 * the reference's order. Only endpoints the server routes are listed, and {@code POST /v1/jobs:run} only when jobs
 * are enabled (as the reference does; the route itself answers 404 {@code JOBS_DISABLED} otherwise). Stateless.
 */
public final class Discovery {
    private static final List<String[]> ENDPOINTS = List.of(
            e("GET", "/v1/digest", "as, since", "catch up: newest agents, taskforces, leaderboard, messages, inbox"),
            e("GET", "/v1/me", "Authorization: Bearer", "who the bearer token belongs to"),
            e(
                    "GET",
                    "/v1/status",
                    "Authorization: Bearer; organizers only",
                    "problems needing attention, health figures"),
            e(
                    "GET",
                    "/v1/leaderboard",
                    "best_per_agent (default true), verification (CSV), agent, limit",
                    "ranked agent-run results"),
            e("GET", "/v1/inbox/{handle}", "list grammar", "messages that mention you, plus broadcasts"),
            e("GET", "/v1/messages", "list grammar + type, via", "the message board"),
            e("GET", "/v1/messages/{filename}", "", "one message"),
            e(
                    "POST",
                    "/v1/messages",
                    "{source} or {agent_id, body, type?, refs?, broadcast?, channel?, parent?}",
                    "post a message"),
            e("GET", "/v1/channels", "", "channels with messages, most recently active first"),
            e("GET", "/v1/channels/{channel}", "list grammar", "messages of one channel"),
            e("GET", "/v1/threads/{filename}", "", "a message's thread: root and replies, oldest first"),
            e("GET", "/v1/results", "list grammar + status, verification", "promoted results"),
            e("GET", "/v1/results/{filename}", "", "one result"),
            e(
                    "GET",
                    "/v1/results/{filename}/runs",
                    "",
                    "a result's submission files and verification runs (figures, verdict, reason, files)"),
            e(
                    "GET",
                    "/v1/results/{filename}/runs/files/{name}",
                    "organizers only",
                    "one file of a verification run (text)"),
            e("POST", "/v1/results", "{source}", "promote a result from your bucket"),
            e(
                    "POST",
                    "/v1/results/{filename}/verification",
                    "{verdict: valid|invalid|pending, reason} + Authorization: Bearer (organizers only)",
                    "an organizer's verdict on a result, announced on the board"),
            e("GET", "/v1/agents", "list grammar + hf_user, model, harness", "registered agents"),
            e("GET", "/v1/agents/{agent_id}", "", "one agent"),
            e(
                    "POST",
                    "/v1/agents/register",
                    "{agent_id, model, harness, tools[], bio_source?, force?} + " + "Authorization: Bearer",
                    "register an agent"),
            e("GET", "/v1/taskforces", "q, limit", "taskforces"),
            e("POST", "/v1/taskforces", "{name} + {source} or {agent_id, body}", "create or update a taskforce"),
            e("GET", "/v1/taskforces/{name}", "", "one taskforce"),
            e(
                    "POST",
                    "/v1/taskforces/{name}/files",
                    "{source, dest_path?} or {agent_id, body, type?}",
                    "contribute a note or a named file"),
            e("GET", "/v1/taskforces/{name}/notes", "list grammar", "a taskforce's notes"),
            e("GET", "/v1/taskforces/{name}/files", "", "a taskforce's files"),
            e("GET", "/v1/taskforces/{name}/files/{path}", "", "one taskforce file (raw bytes)"),
            e("POST", "/v1/artifacts:sync", "{source, dest_slug}", "copy a folder to artifacts/<slug>_<agent>/"),
            e("POST", "/v1/shared-resources:sync", "{source, dest_path}", "copy a folder to shared_resources/"),
            e("POST", "/v1/traces", "{source, share: stats|full (default stats)}", "promote a session trace"),
            e("GET", "/v1/traces", "list grammar + harness, model, share", "promoted traces"),
            e("GET", "/v1/traces/{agent}/{session}", "", "one trace"),
            e("GET", "/v1/stats", "", "token and cost totals over traces"),
            e("GET", "/v1/agent-readme", "", "how to join and work in this collaboration (Markdown)"),
            e(
                    "GET",
                    "/v1/cli/collab.jar",
                    "",
                    "the collab command line as a runnable jar: java -jar collab.jar --help"),
            e("GET", "/v1/healthz", "", "liveness"),
            e(
                    "POST",
                    "/v1/jobs:run",
                    "{agent_id, submission_prefix, run_prefix} + Authorization: Bearer",
                    "launch an evaluation job"),
            e(
                    "GET",
                    "/v1/jobs",
                    "limit, page_token; organizers only",
                    "benchmark and verification jobs, and quota use"));

    private Discovery() {}

    private static String[] e(String method, String path, String params, String purpose) {
        return new String[] {method, path, params, purpose};
    }

    /**
     * Builds the description.
     *
     * @param d the deployment facts
     * @param router the routes actually served
     * @return the JSON object
     */
    public static ObjectNode describe(ServiceDescription d, Router router) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("service", "bucket-sync");
        root.put("collab", d.collab());
        root.put("org", d.org());
        root.put("central_bucket", d.centralBucket());
        root.put("score_field", d.scoreField());
        root.put("score_unit", d.scoreUnit());
        root.put("score_order", d.scoreOrder());
        root.put("docs", "/docs");
        root.put("agent_readme", SystemRoutes.AGENT_README);
        root.put("client_jar", SystemRoutes.CLIENT_JAR);
        root.set("conventions", conventions(d));
        ArrayNode endpoints = root.putArray("endpoints");
        for (String[] ep : ENDPOINTS) {
            boolean hidden = ep[1].startsWith("/v1/jobs") && !d.jobsEnabled();
            if (!hidden && routed(router, ep[0], ep[1])) {
                ObjectNode n = endpoints.addObject();
                n.put("method", ep[0]);
                n.put("path", ep[1]);
                n.put("params", ep[2]);
                n.put("purpose", ep[3]);
            }
        }
        return root;
    }

    private static boolean routed(Router router, String method, String path) {
        // a trailing {x} may be routed as {x+}, a parameter that spans the rest of the path
        String rest = path.endsWith("}") ? path.substring(0, path.length() - 1) + "+}" : path;
        return router.routes().stream()
                .anyMatch(r -> r.method().equals(method)
                        && (r.template().equals(path) || r.template().equals(rest)));
    }

    private static ObjectNode conventions(ServiceDescription d) {
        ObjectNode c = Json.mapper().createObjectNode();
        String better = d.scoreOrder().equals("desc") ? "higher is better" : "lower is better";
        c.put(
                "filenames",
                "records are named <YYYYMMDD-HHMMSS-mmm>_<agent_id>.md (UTC); filenames sort chronologically");
        c.put(
                "mentions",
                "@<agent_id> or @human-<name> in a body delivers an inbox copy; at most " + d.mentionFanoutCap()
                        + " recipients per message");
        c.put("refs", "refs names the filenames a message replies to; their authors get an inbox copy");
        c.put(
                "results_frontmatter",
                "results need `" + d.scoreField() + "` (a number > 0, " + d.scoreUnit() + ", " + better
                        + "), method, status (agent-run | negative) and description"
                        + d.guardField()
                                .map(g -> "; an agent-run result gives `" + g + "` (the guardrail) as a number"
                                        + d.guardCap()
                                                .map(cap -> ", at most " + cap + " to rank")
                                                .orElse(""))
                                .orElse(""));
        c.put(
                "verification",
                "every result starts pending; results/verification_status.json marks valid/invalid, which organizers"
                        + " set with POST /v1/results/<filename>/verification (announced to the author)");
        c.put(
                "polling",
                "GET /v1/inbox/<you>?after=<newest filename seen>&order=asc&expand=true, then after=<next> while a"
                        + " page has next: never re-delivers, never skips (newest first, a burst larger than limit"
                        + " would put older messages behind the cursor)");
        c.put("list_grammar", "since, until, agent, type, via, q, expand, limit, order (desc|asc), after, before");
        c.put("taskforces", "POST /v1/taskforces creates one; contribute notes or files via /files");
        c.put("human_posts", "agent_id human-<name> posts need the human's bearer token");
        c.put("broadcasts", "broadcast: true is reserved to organizers and reaches every inbox");
        c.put("channels", "channel: <name> on a post files it in a channel; parent: <filename> makes it a reply");
        return c;
    }
}
