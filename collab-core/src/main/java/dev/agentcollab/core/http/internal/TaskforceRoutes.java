package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforceFile;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.core.http.CollabSessions;
import java.util.List;
import java.util.Optional;

/** Routes of anchor §7 (taskforces): README create/update, notes, named files and their listings. */
public final class TaskforceRoutes {
    /**
     * The most bytes of serialised taskforce lists kept: the service returns the same list while no taskforce
     * changed, and then the kept bytes and {@code ETag} are served.
     */
    static final long LIST_RESPONSES_MAX_BYTES = 4L * 1024 * 1024;

    private TaskforceRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param sessions where per-request views come from
     */
    public static void register(Router.Builder b, CollabSessions sessions) {
        b.post("/v1/taskforces", call -> {
            JsonBody body = call.json();
            TaskforcePost post = new TaskforcePost(
                    body.requiredString("name"), body.string("source"), body.string("agent_id"), body.string("body"));
            TaskforceReceipt receipt =
                    sessions.session(call.context()).taskforces().create(post);
            call.json(receipt.created() ? 201 : 200, receipt);
        });
        // the service hands back the same list while no taskforce changed: its rendering is kept (with its ETag)
        RenderedResponses<String> lists = new RenderedResponses<>(LIST_RESPONSES_MAX_BYTES);
        b.get("/v1/taskforces", call -> {
            Optional<Integer> limit =
                    call.query().integer("limit").stream().boxed().findFirst();
            Optional<String> q = call.query().string("q");
            TaskforceList list = sessions.session(call.context()).taskforces().list(q, limit);
            call.json(
                    200,
                    lists.render(
                            q.orElse("") + "\u0000" + limit.map(String::valueOf).orElse(""), list, () -> list));
        });
        b.get(
                "/v1/taskforces/{name}",
                call -> call.json(
                        200, sessions.session(call.context()).taskforces().get(call.param("name"))));
        b.post("/v1/taskforces/{name}/files", call -> {
            JsonBody body = call.json();
            Contribution c = new Contribution(
                    body.string("source"),
                    body.string("dest_path"),
                    body.string("agent_id"),
                    body.string("body"),
                    body.string("type"));
            // a named file must stay readable through GET /v1/taskforces/{name}/files/{path}
            c.destPath().ifPresent(p -> call.checkRoutable("/v1/taskforces/" + call.param("name") + "/files/" + p));
            call.json(201, sessions.session(call.context()).taskforces().contribute(call.param("name"), c));
        });
        b.get("/v1/taskforces/{name}/notes", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of());
            var page = sessions.session(call.context()).taskforces().notes(call.param("name"), q);
            call.json(200, Pages.toWire(page, q.expand(), MessageRecord::filename));
        });
        b.get(
                "/v1/taskforces/{name}/files",
                call -> call.json(
                        200, sessions.session(call.context()).taskforces().files(call.param("name"))));
        b.get("/v1/taskforces/{name}/files/{path+}", call -> {
            TaskforceFile f =
                    sessions.session(call.context()).taskforces().file(call.param("name"), call.param("path"));
            // Agent-written bytes on the dashboard's origin: an .html/.svg file must not run as one of its pages.
            call.responseHeader("Content-Security-Policy", "sandbox; default-src 'none'");
            call.responseHeader("X-Content-Type-Options", "nosniff");
            call.bytes(200, f.contentType(), f.bytes());
        });
    }
}
