package dev.agentcollab.hf.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.hf.buckets.HfBucketId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the HF Jobs API, as huggingface_hub ({@code _create_job_spec}, {@code JobInfo}) and
 * huggingface.js ({@code runJob}, {@code ApiJob}) write and read them.
 */
final class HfJobsWire {
    /** Image prefixes that name a Space rather than a Docker image (huggingface_hub's list). */
    private static final List<String> SPACE_PREFIXES = List.of(
            "https://huggingface.co/spaces/", "https://hf.co/spaces/", "huggingface.co/spaces/", "hf.co/spaces/");

    static final ObjectMapper MAPPER = new ObjectMapper();

    private HfJobsWire() {}

    /**
     * The body of {@code POST /api/jobs/{namespace}}: {@code command}, {@code arguments: []},
     * {@code environment: {}}, {@code flavor}, {@code timeoutSeconds}, {@code labels} and {@code volumes} when there
     * are any, and exactly one of {@code dockerImage} or {@code spaceId} (an image written
     * {@code hf.co/spaces/<owner>/<name>} runs that Space). No secrets, ever.
     */
    static ObjectNode payload(HfJobSpec spec) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode command = body.putArray("command");
        spec.command().forEach(command::add);
        body.putArray("arguments");
        body.putObject("environment");
        body.put("flavor", spec.flavor());
        body.put("timeoutSeconds", spec.timeout().toSeconds());
        if (!spec.labels().isEmpty()) {
            ObjectNode labels = body.putObject("labels");
            spec.labels().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> labels.put(e.getKey(), e.getValue()));
        }
        if (!spec.volumes().isEmpty()) {
            ArrayNode volumes = body.putArray("volumes");
            for (HfJobVolume v : spec.volumes()) {
                ObjectNode node = volumes.addObject();
                node.put("type", "bucket");
                node.put("source", v.bucket().toString());
                node.put("mountPath", v.mountPath());
                node.put("readOnly", v.readOnly());
                if (!v.path().isEmpty()) {
                    node.put("path", v.path());
                }
            }
        }
        Optional<String> space = spaceId(spec.image());
        if (space.isPresent()) {
            body.put("spaceId", space.get());
        } else {
            body.put("dockerImage", spec.image());
        }
        return body;
    }

    static Optional<String> spaceId(String image) {
        for (String prefix : SPACE_PREFIXES) {
            if (image.startsWith(prefix) && image.length() > prefix.length()) {
                return Optional.of(image.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * A {@code JobInfo}: the page URL is {@code {endpoint}/jobs/{owner.name}/{id}}; text labels and bucket volumes
     * are kept (a volume that cannot be read is left out).
     */
    static Optional<HfJob> job(JsonNode job, String endpoint, String namespace) {
        String id = job.path("id").asText("");
        if (id.isBlank()) {
            return Optional.empty();
        }
        String owner = job.path("owner").path("name").asText(namespace);
        JsonNode status = job.path("status");
        Map<String, String> labels = new LinkedHashMap<>();
        job.path("labels").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        List<HfJobVolume> volumes = new ArrayList<>();
        for (JsonNode v : job.path("volumes")) {
            try {
                if ("bucket".equals(v.path("type").asText())) {
                    volumes.add(new HfJobVolume(
                            HfBucketId.parse(v.path("source").asText()),
                            v.path("path").asText(""),
                            v.path("mountPath").asText(),
                            v.path("readOnly").asBoolean(false)));
                }
            } catch (RuntimeException e) {
                // a volume this client cannot read is left out
            }
        }
        return Optional.of(new HfJob(
                id,
                owner,
                endpoint + "/jobs/" + owner + "/" + id,
                text(status, "stage"),
                text(status, "message"),
                labels,
                volumes));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** The text of one SSE log event ({@code data: {"data": "<line>", "timestamp": ...}}), minus the banner. */
    static Optional<String> logLine(String line) {
        if (!line.startsWith("data: {")) {
            return Optional.empty();
        }
        try {
            JsonNode event = MAPPER.readTree(line.substring("data: ".length()));
            String data = event.path("data").asText("");
            if (data.startsWith("===== Job started")) {
                return Optional.empty();
            }
            return Optional.of(data.endsWith("\n") ? data.substring(0, data.length() - 1) : data);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
