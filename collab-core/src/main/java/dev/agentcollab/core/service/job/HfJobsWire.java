package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobListing;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.json.Json;
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

    private HfJobsWire() {}

    /**
     * The body of {@code POST /api/jobs/{namespace}}: {@code command}, {@code arguments: []},
     * {@code environment: {}}, {@code flavor}, {@code timeoutSeconds}, {@code labels} and {@code volumes} when there
     * are any, and exactly one of {@code dockerImage} or {@code spaceId} (an image written
     * {@code hf.co/spaces/<owner>/<name>} runs that Space). No secrets, ever.
     */
    static ObjectNode payload(JobSpec spec) {
        ObjectNode body = Json.mapper().createObjectNode();
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
            for (JobVolume v : spec.volumes()) {
                ObjectNode node = volumes.addObject();
                node.put("type", "bucket");
                node.put("source", v.bucket().toString());
                node.put("mountPath", v.mountPath());
                node.put("readOnly", v.readOnly());
                if (!v.prefix().isEmpty()) {
                    node.put("path", v.prefix());
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

    /** A {@code JobInfo} as a handle; the page URL is {@code {endpoint}/jobs/{owner.name}/{id}}. */
    static Optional<JobHandle> handle(JsonNode job, String endpoint, String namespace) {
        String id = job.path("id").asText("");
        if (id.isBlank()) {
            return Optional.empty();
        }
        String owner = job.path("owner").path("name").asText(namespace);
        return Optional.of(new JobHandle(
                id,
                endpoint + "/jobs/" + owner + "/" + id,
                JobStage.fromWire(stage(job).orElse(null))));
    }

    static Optional<String> stage(JsonNode job) {
        JsonNode stage = job.path("status").path("stage");
        return stage.isTextual() ? Optional.of(stage.asText()) : Optional.empty();
    }

    /** A {@code JobInfo} as a listing: its labels and its bucket volumes (others are left out). */
    static Optional<JobListing> listing(JsonNode job, String endpoint, String namespace) {
        Optional<JobHandle> handle = handle(job, endpoint, namespace);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        job.path("labels").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        List<JobVolume> volumes = new ArrayList<>();
        for (JsonNode v : job.path("volumes")) {
            try {
                if ("bucket".equals(v.path("type").asText())) {
                    volumes.add(new JobVolume(
                            BucketId.parse(v.path("source").asText()),
                            v.path("path").asText(""),
                            v.path("mountPath").asText(),
                            v.path("readOnly").asBoolean(false)));
                }
            } catch (RuntimeException e) {
                // a volume this SDK cannot read is left out
            }
        }
        return Optional.of(new JobListing(handle.get(), labels, volumes));
    }

    /** The text of one SSE log event ({@code data: {"data": "<line>", "timestamp": ...}}), minus the banner. */
    static Optional<String> logLine(String line) {
        if (!line.startsWith("data: {")) {
            return Optional.empty();
        }
        try {
            JsonNode event = Json.mapper().readTree(line.substring("data: ".length()));
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
