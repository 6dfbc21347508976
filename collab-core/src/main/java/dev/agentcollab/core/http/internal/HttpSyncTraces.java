package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.sync.Sync;
import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.api.trace.TraceRecord;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.api.trace.TraceSummary;
import dev.agentcollab.api.trace.Traces;
import java.util.Map;
import java.util.Optional;

/** {@link Sync} and {@link Traces} over the sync routes, {@code /v1/traces} and {@code /v1/stats}. Thread safe. */
public final class HttpSyncTraces implements Sync, Traces {
    private final HttpTransport http;

    /**
     * Creates the features.
     *
     * @param http the transport
     */
    public HttpSyncTraces(HttpTransport http) {
        this.http = http;
    }

    @Override
    public SyncReceipt artifacts(String source, String destSlug) {
        return http.post(
                "/v1/artifacts:sync", Map.of("source", source, "dest_slug", destSlug), Types.of(SyncReceipt.class));
    }

    @Override
    public SyncReceipt sharedResources(String source, String destPath) {
        return http.post(
                "/v1/shared-resources:sync",
                Map.of("source", source, "dest_path", destPath),
                Types.of(SyncReceipt.class));
    }

    @Override
    public TraceReceipt share(String source, String share) {
        return http.post("/v1/traces", Map.of("source", source, "share", share), Types.of(TraceReceipt.class));
    }

    @Override
    public Page<TraceSummary> list(ListQuery query) {
        JsonNode node = http.get("/v1/traces", ListQueries.toParams(query), Types.of(JsonNode.class));
        return WirePages.read(node, TraceSummary.class, HttpSyncTraces::idOnly);
    }

    @Override
    public TraceRecord get(String agent, String session) {
        return http.get("/v1/traces/" + segment(agent) + "/" + segment(session), Map.of(), Types.of(TraceRecord.class));
    }

    @Override
    public TraceStats stats() {
        return http.get("/v1/stats", Map.of(), Types.of(TraceStats.class));
    }

    private static TraceSummary idOnly(String id) {
        int slash = id.indexOf('/');
        String agent = slash < 0 ? id : id.substring(0, slash);
        String session = slash < 0 ? "" : id.substring(slash + 1);
        Optional<String> none = Optional.empty();
        return new TraceSummary(
                agent,
                session,
                none,
                none,
                none,
                none,
                none,
                none,
                Optional.empty(),
                Optional.empty(),
                none,
                "",
                "traces/" + id + "/",
                none);
    }
}
