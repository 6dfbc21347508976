package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.api.job.Jobs;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.api.job.ResultRuns;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Results;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.api.result.Verification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Results}, {@link Leaderboards} and {@link Jobs} over {@code /v1/results}, {@code /v1/leaderboard} and
 * {@code /v1/jobs:run}. Thread safe.
 */
public final class HttpResults implements Results, Leaderboards, Jobs {
    private final HttpTransport http;

    /**
     * Creates the features.
     *
     * @param http the transport
     */
    public HttpResults(HttpTransport http) {
        this.http = http;
    }

    @Override
    public ResultReceipt promote(String source) {
        return http.post("/v1/results", Map.of("source", source), Types.of(ResultReceipt.class));
    }

    @Override
    public Page<ResultRecord> list(ListQuery query) {
        JsonNode node = http.get("/v1/results", ListQueries.toParams(query), Types.of(JsonNode.class));
        return WirePages.read(node, ResultRecord.class, f -> new ResultRecord(f, Map.of(), "", Verification.PENDING));
    }

    @Override
    public ResultRecord get(String filename) {
        return http.get("/v1/results/" + segment(filename), Map.of(), Types.of(ResultRecord.class));
    }

    @Override
    public VerdictReceipt setVerification(String filename, VerdictRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verdict", request.verdict());
        body.put("reason", request.reason());
        return http.post("/v1/results/" + segment(filename) + "/verification", body, Types.of(VerdictReceipt.class));
    }

    @Override
    public Leaderboard leaderboard(LeaderboardQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("best_per_agent", query.bestPerAgent());
        query.verification().ifPresent(v -> params.put("verification", v));
        query.agent().ifPresent(v -> params.put("agent", v));
        query.limit().ifPresent(v -> params.put("limit", v));
        return http.get("/v1/leaderboard", params, Types.of(Leaderboard.class));
    }

    @Override
    public JobLaunch run(JobRunRequest request) {
        return http.post("/v1/jobs:run", request, Types.of(JobLaunch.class));
    }

    @Override
    public JobsOverview overview(int limit, Optional<String> pageToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", String.valueOf(limit));
        pageToken.ifPresent(t -> params.put("page_token", t));
        return http.get("/v1/jobs", params, Types.of(JobsOverview.class));
    }

    @Override
    public ResultRuns runs(String filename) {
        return http.get("/v1/results/" + segment(filename) + "/runs", Map.of(), Types.of(ResultRuns.class));
    }

    @Override
    public byte[] runFile(String filename, String name) {
        StringBuilder path = new StringBuilder("/v1/results/" + segment(filename) + "/runs/files");
        for (String part : name.split("/", -1)) {
            path.append('/').append(segment(part));
        }
        return http.getRaw(path.toString()).body();
    }
}
