package dev.agentcollab.core.http.internal;

import static dev.agentcollab.core.http.internal.HttpTransport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforceDetail;
import dev.agentcollab.api.taskforce.TaskforceFile;
import dev.agentcollab.api.taskforce.TaskforceFiles;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.api.taskforce.Taskforces;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link Taskforces} over {@code /v1/taskforces}. Thread safe. */
public final class HttpTaskforces implements Taskforces {
    private final HttpTransport http;

    /**
     * Creates the feature.
     *
     * @param http the transport
     */
    public HttpTaskforces(HttpTransport http) {
        this.http = http;
    }

    @Override
    public TaskforceReceipt create(TaskforcePost post) {
        return http.post("/v1/taskforces", post, Types.of(TaskforceReceipt.class));
    }

    @Override
    public ContributionReceipt contribute(String name, Contribution contribution) {
        return http.post(
                "/v1/taskforces/" + segment(name) + "/files", contribution, Types.of(ContributionReceipt.class));
    }

    @Override
    public TaskforceList list(Optional<String> q, Optional<Integer> limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        q.ifPresent(v -> params.put("q", v));
        limit.ifPresent(v -> params.put("limit", v));
        return http.get("/v1/taskforces", params, Types.of(TaskforceList.class));
    }

    @Override
    public TaskforceDetail get(String name) {
        return http.get("/v1/taskforces/" + segment(name), Map.of(), Types.of(TaskforceDetail.class));
    }

    @Override
    public Page<MessageRecord> notes(String name, ListQuery query) {
        JsonNode node = http.get(
                "/v1/taskforces/" + segment(name) + "/notes", ListQueries.toParams(query), Types.of(JsonNode.class));
        return WirePages.read(node, MessageRecord.class, HttpBoard::filenameOnly);
    }

    @Override
    public TaskforceFiles files(String name) {
        return http.get("/v1/taskforces/" + segment(name) + "/files", Map.of(), Types.of(TaskforceFiles.class));
    }

    @Override
    public TaskforceFile file(String name, String path) {
        String encoded =
                Arrays.stream(path.split("/", -1)).map(HttpTransport::segment).collect(Collectors.joining("/"));
        HttpResponse<byte[]> r = http.getRaw("/v1/taskforces/" + segment(name) + "/files/" + encoded);
        String type = r.headers().firstValue("Content-Type").orElse("application/octet-stream");
        return new TaskforceFile(path, r.body(), type);
    }
}
