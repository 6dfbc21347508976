package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.result.VerdictRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Routes of anchor §6 and §7 for results, the leaderboard and {@code POST /v1/jobs:run}, plus the read-only job
 * routes of the dashboard (extensions, docs/deviations.md): {@code GET /v1/jobs} (organizers),
 * {@code GET /v1/results/{filename}/runs} and {@code GET /v1/results/{filename}/runs/files/{name}} (organizers), and
 * organizers' verdicts, {@code POST /v1/results/{filename}/verification}.
 */
public final class ResultRoutes {
    /**
     * The most bytes of serialised leaderboards kept: while nothing ranked changes, an answer is the kept bytes with
     * the new {@code generated_at} ({@link LeaderboardResponses}).
     */
    static final long LEADERBOARD_RESPONSES_MAX_BYTES = 4L * 1024 * 1024;

    private ResultRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param results the caller's results feature
     * @param leaderboards the caller's leaderboard feature
     * @param jobs the caller's jobs feature
     */
    public static void register(
            Router.Builder b,
            Function<CallContext, Results> results,
            Function<CallContext, Leaderboards> leaderboards,
            Function<CallContext, Jobs> jobs) {
        b.post("/v1/results", call -> {
            String source = call.json().requiredString("source");
            call.json(201, results.apply(call.context()).promote(source));
        });
        b.get("/v1/results", call -> {
            ListQuery q = ListQueries.parse(call.query(), List.of());
            var page = results.apply(call.context()).list(q);
            call.json(200, Pages.toWire(page, q.expand(), ResultRecord::filename));
        });
        b.get(
                "/v1/results/{filename}",
                call -> call.json(200, results.apply(call.context()).get(call.param("filename"))));
        b.post("/v1/results/{filename}/verification", call -> {
            JsonBody body = call.json();
            VerdictRequest request = new VerdictRequest(body.requiredString("verdict"), body.requiredString("reason"));
            call.json(200, results.apply(call.context()).setVerification(call.param("filename"), request));
        });
        b.get(
                "/v1/results/{filename}/runs",
                call -> call.json(200, jobs.apply(call.context()).runs(call.param("filename"))));
        b.get("/v1/results/{filename}/runs/files/{name+}", call -> {
            byte[] bytes = jobs.apply(call.context()).runFile(call.param("filename"), call.param("name"));
            // Job output on the dashboard's origin: shown as text, never run as a page.
            call.responseHeader("Content-Security-Policy", "sandbox; default-src 'none'");
            call.responseHeader("X-Content-Type-Options", "nosniff");
            call.bytes(200, "text/plain; charset=utf-8", bytes);
        });
        b.get("/v1/jobs", call -> {
            int limit = call.query().integer("limit").orElse(100);
            call.json(
                    200, jobs.apply(call.context()).overview(limit, call.query().string("page_token")));
        });
        LeaderboardResponses boards = new LeaderboardResponses(LEADERBOARD_RESPONSES_MAX_BYTES);
        b.get("/v1/leaderboard", call -> {
            QueryParams q = call.query();
            Optional<Integer> limit = q.integer("limit").stream().boxed().findFirst();
            LeaderboardQuery query = new LeaderboardQuery(
                    q.bool("best_per_agent", true), q.string("verification"), q.string("agent"), limit);
            call.json(
                    200, boards.render(query, leaderboards.apply(call.context()).leaderboard(query)));
        });
        b.post("/v1/jobs:run", call -> {
            JsonBody body = call.json();
            JobRunRequest request = new JobRunRequest(
                    body.requiredString("agent_id"),
                    body.requiredString("submission_prefix"),
                    body.requiredString("run_prefix"));
            call.json(202, jobs.apply(call.context()).run(request));
        });
    }
}
