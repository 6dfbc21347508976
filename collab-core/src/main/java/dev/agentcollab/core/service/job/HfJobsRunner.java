package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs jobs on Hugging Face Jobs over its REST API: {@code POST /api/jobs/{namespace}} to launch,
 * {@code GET /api/jobs/{namespace}/{id}} to inspect, {@code POST .../cancel} to cancel and
 * {@code GET .../logs?tail=N} (a server-sent-event stream of {@code data: {"data": "<line>"}} events) for logs.
 * Volumes are mounted natively as bucket volumes. The token authorises the launch and is billed; it is never placed
 * in the job's environment.
 *
 * <p>Thread safe (the {@link HttpClient} is shared).
 */
public final class HfJobsRunner implements JobRunner {
    private final HttpClient http;
    private final URI endpoint;
    private final String namespace;
    private final Supplier<String> token;
    private final Duration requestTimeout;

    /**
     * Creates a runner.
     *
     * @param http the HTTP client
     * @param endpoint the Hub endpoint, e.g. {@code https://huggingface.co}
     * @param namespace the org (or user) whose credits pay for the jobs
     * @param token supplies the launching token
     * @param requestTimeout the timeout of each HTTP call (log streams are read until the server ends them)
     */
    public HfJobsRunner(
            HttpClient http, URI endpoint, String namespace, Supplier<String> token, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(
                stripSlash(Objects.requireNonNull(endpoint, "endpoint").toString()));
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.token = Objects.requireNonNull(token, "token");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public JobHandle launch(JobSpec spec) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    request("/api/jobs/" + enc(namespace))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    payload(spec).toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.JOB_LAUNCH_FAILED, "jobs API unreachable: " + e.getMessage(), null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.JOB_LAUNCH_FAILED, "interrupted while launching the job");
        }
        if (response.statusCode() / 100 != 2) {
            throw CollabException.of(
                    ErrorCode.JOB_LAUNCH_FAILED,
                    "jobs API answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        JsonNode job = parse(response.body(), ErrorCode.JOB_LAUNCH_FAILED);
        String id = job.path("id").asText("");
        if (id.isBlank()) {
            throw CollabException.of(ErrorCode.JOB_LAUNCH_FAILED, "jobs API returned no job id");
        }
        String owner = job.path("owner").path("name").asText(namespace);
        String url = endpoint + "/jobs/" + owner + "/" + id;
        return new JobHandle(
                id, url, JobStage.fromWire(job.path("status").path("stage").asText(null)));
    }

    /**
     * Builds the JSON body of a launch request.
     *
     * @param spec the job
     * @return the request body
     */
    static ObjectNode payload(JobSpec spec) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("dockerImage", spec.image());
        ArrayNode command = body.putArray("command");
        spec.command().forEach(command::add);
        body.putArray("arguments");
        body.putObject("environment");
        body.put("flavor", spec.flavor());
        body.put("timeoutSeconds", spec.timeout().toSeconds());
        if (!spec.labels().isEmpty()) {
            ObjectNode labels = body.putObject("labels");
            spec.labels().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> labels.put(e.getKey(), e.getValue()));
        }
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
        return body;
    }

    @Override
    public JobState inspect(String jobId) {
        HttpResponse<String> response = send(request(jobPath(jobId)).GET().build());
        if (response.statusCode() == 404) {
            return new JobState(JobStage.DELETED, Optional.of("job not found"));
        }
        requireOk(response, "inspect");
        JsonNode status = parse(response.body(), ErrorCode.UPSTREAM_ERROR).path("status");
        String message =
                status.path("message").isTextual() ? status.path("message").asText() : null;
        return new JobState(JobStage.fromWire(status.path("stage").asText(null)), Optional.ofNullable(message));
    }

    @Override
    public void cancel(String jobId) {
        HttpResponse<String> response = send(request(jobPath(jobId) + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() != 404) {
            requireOk(response, "cancel");
        }
    }

    /**
     * Reads the log stream until the server ends it or {@code requestTimeout} passes (the Hub may keep a log stream
     * open with keep-alive comments); what arrived by then is returned.
     */
    @Override
    public String logs(String jobId, int tailLines) {
        HttpRequest req = request(jobPath(jobId) + "/logs?tail=" + Math.max(0, tailLines))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.UPSTREAM_ERROR, "jobs API unreachable: " + e.getMessage(), null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "interrupted while reading logs");
        }
        List<String> out = new ArrayList<>();
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw CollabException.of(
                        ErrorCode.UPSTREAM_ERROR, "jobs API answered " + response.statusCode() + " to logs");
            }
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(requestTimeout);
                    body.close();
                } catch (InterruptedException | IOException e) {
                    // stream ended first, or closing failed: nothing to do
                }
            });
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    logLine(line).ifPresent(out::add);
                }
            } catch (IOException e) {
                // the deadline closed the stream: keep what arrived
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            // closing an already closed stream
        }
        return String.join("\n", out.subList(Math.max(0, out.size() - tailLines), out.size()));
    }

    private static Optional<String> logLine(String line) {
        if (!line.startsWith("data: {")) {
            return Optional.empty();
        }
        try {
            JsonNode event = Json.mapper().readTree(line.substring("data: ".length()));
            String data = event.path("data").asText("");
            return data.startsWith("===== Job started") ? Optional.empty() : Optional.of(stripNewline(data));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "hf-jobs";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token.get());
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.UPSTREAM_ERROR, "jobs API unreachable: " + e.getMessage(), null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.UPSTREAM_ERROR, "interrupted while calling the jobs API");
        }
    }

    private static void requireOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw CollabException.of(
                    ErrorCode.UPSTREAM_ERROR,
                    "jobs API answered " + response.statusCode() + " to " + what + ": " + abbreviate(response.body()));
        }
    }

    private static JsonNode parse(String body, ErrorCode code) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new CollabException(code, "jobs API returned invalid JSON", null, null, e);
        }
    }

    private String jobPath(String jobId) {
        return "/api/jobs/" + enc(namespace) + "/" + enc(jobId);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
