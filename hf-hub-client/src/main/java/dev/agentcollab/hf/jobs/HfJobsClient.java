package dev.agentcollab.hf.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.BodyDeadline;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HF Jobs REST API of one namespace: {@code POST /api/jobs/{namespace}} to launch,
 * {@code GET /api/jobs/{namespace}/{id}} to inspect, {@code POST .../cancel} to cancel, {@code GET .../logs?tail=N}
 * (a server-sent-event stream of {@code data: {"data": "<line>"}} events) for logs,
 * {@code GET /api/jobs/{namespace}?stage=..&label=k=v} to list (following {@code Link: rel="next"}) and
 * {@code GET /api/jobs/hardware} for the flavors. The token authorises the calls and pays for the jobs; it is never
 * placed in a job's environment. Failures throw {@link HfHubException} with {@link Resource#JOB}; nothing is
 * retried here.
 *
 * <p>Thread safe (the {@link HttpClient} is shared).
 */
public final class HfJobsClient {
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,<]*rel=\"?next\"?");
    private static final int MAX_LIST_PAGES = 100;

    private final HttpClient http;
    private final String endpoint;
    private final String namespace;
    private final Supplier<String> token;
    private final Duration requestTimeout;
    private final Duration logIdleTimeout;

    /**
     * Creates a client.
     *
     * @param http the HTTP client
     * @param endpoint the Hub endpoint, e.g. {@code https://huggingface.co}
     * @param namespace the org (or user) whose credits pay for the jobs
     * @param token supplies the token of each call
     * @param requestTimeout the timeout of each HTTP call, and the most a log read may take
     * @param logIdleTimeout how long a log read waits for the next byte of a stream the server keeps open (the
     *     Hub may keep it open with keep-alive comments); {@code huggingface_hub} waits 5 s
     */
    public HfJobsClient(
            HttpClient http,
            URI endpoint,
            String namespace,
            Supplier<String> token,
            Duration requestTimeout,
            Duration logIdleTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        String e = Objects.requireNonNull(endpoint, "endpoint").toString();
        this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.token = Objects.requireNonNull(token, "token");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.logIdleTimeout = positive(logIdleTimeout, "logIdleTimeout");
    }

    /**
     * The namespace the jobs run in.
     *
     * @return the org or user name
     */
    public String namespace() {
        return namespace;
    }

    /**
     * Launches a job.
     *
     * @param spec the job
     * @return the job as the Hub accepted it
     * @throws HfHubException when the Hub refuses it, cannot be reached, or answers without a job id; after a
     *     timeout, a transport failure or a 5xx the Hub may still have started the job ({@link #list} finds it by
     *     its labels)
     */
    public HfJob launch(HfJobSpec spec) {
        HttpRequest post = request("/api/jobs/" + enc(namespace))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(spec)))
                .build();
        HttpResponse<String> response = send(post, "launch");
        requireOk(response, "launch");
        return HfJobsWire.job(parse(response), endpoint, namespace)
                .orElseThrow(() -> HfHubException.invalidResponse(Resource.JOB, "jobs API returned no job id", null));
    }

    /**
     * The JSON body {@link #launch} sends: {@code command}, {@code arguments: []}, {@code environment: {}},
     * {@code flavor}, {@code timeoutSeconds}, {@code labels} and {@code volumes} when there are any, and exactly one
     * of {@code dockerImage} or {@code spaceId}, as {@code huggingface_hub} and {@code huggingface.js} write it.
     *
     * @param spec the job
     * @return the body
     */
    public static String payload(HfJobSpec spec) {
        return HfJobsWire.payload(spec).toString();
    }

    /**
     * Reads a {@code JobInfo} object as the Jobs API writes it.
     *
     * @param json the object
     * @param endpoint the Hub endpoint the job's page URL is built on
     * @param namespace the owner assumed when the object names none
     * @return the job, or empty when the object has no id
     * @throws HfHubException {@code INVALID_RESPONSE} when the text is not JSON
     */
    public static Optional<HfJob> parseJob(String json, String endpoint, String namespace) {
        try {
            return HfJobsWire.job(HfJobsWire.MAPPER.readTree(json), endpoint, namespace);
        } catch (IOException e) {
            throw HfHubException.invalidResponse(Resource.JOB, "not a JobInfo object", e);
        }
    }

    /**
     * Describes a job.
     *
     * @param jobId the job
     * @return the job with its stage
     * @throws HfHubException {@code NOT_FOUND} when the Hub does not show it (which may be a moment's invisibility
     *     rather than a deletion)
     */
    public HfJob inspect(String jobId) {
        HttpResponse<String> response = send(request(jobPath(jobId)).GET().build(), "inspect");
        requireOk(response, "inspect");
        return HfJobsWire.job(parse(response), endpoint, namespace)
                .orElseThrow(() -> HfHubException.invalidResponse(Resource.JOB, "jobs API returned no job id", null));
    }

    /**
     * Cancels a job.
     *
     * @param jobId the job
     * @return {@code false} when the Hub does not know the job (404)
     */
    public boolean cancel(String jobId) {
        HttpResponse<String> response = send(
                request(jobPath(jobId) + "/cancel")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                "cancel");
        if (response.statusCode() == 404) {
            return false;
        }
        requireOk(response, "cancel");
        return true;
    }

    /**
     * Lists the namespace's jobs in the given stages that carry the given labels (one {@code label=k=v} query
     * parameter per label), following {@code Link: rel="next"} on this endpoint for at most 100 pages.
     *
     * @param stages e.g. {@code SCHEDULING} and {@code RUNNING}; empty for every stage
     * @param labels labels every listed job must carry
     * @return the jobs, in the Hub's order: all of them, never a part
     * @throws HfHubException {@code INVALID_RESPONSE} when the list goes on past 100 pages or its next page is on
     *     another server, rather than a partial list that would read as complete
     */
    public List<HfJob> list(Collection<String> stages, Map<String, String> labels) {
        StringBuilder query = new StringBuilder();
        stages.forEach(
                s -> query.append(query.isEmpty() ? "?" : "&").append("stage=").append(enc(s)));
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> query.append(
                        query.isEmpty() ? "?" : "&")
                .append("label=")
                .append(enc(e.getKey() + "=" + e.getValue())));
        URI uri = URI.create(endpoint + "/api/jobs/" + enc(namespace) + query);
        List<HfJob> out = new ArrayList<>();
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            HttpResponse<String> response = send(
                    HttpRequest.newBuilder(uri)
                            .timeout(requestTimeout)
                            .header("Authorization", "Bearer " + token.get())
                            .GET()
                            .build(),
                    "list");
            requireOk(response, "list");
            for (JsonNode job : parse(response)) {
                HfJobsWire.job(job, endpoint, namespace)
                        .filter(j -> j.labels().entrySet().containsAll(labels.entrySet()))
                        .ifPresent(out::add);
            }
            Optional<URI> next = next(response).map(uri::resolve);
            if (next.isEmpty()) {
                return out;
            }
            if (!next.get().toString().startsWith(endpoint + "/")) {
                // a partial list would read as complete: start-up reconciliation would leave live jobs running
                throw HfHubException.invalidResponse(
                        Resource.JOB, "list: the next page is on another server (" + next.get() + "); giving up", null);
            }
            uri = next.get();
        }
        throw HfHubException.invalidResponse(
                Resource.JOB, "list: more than " + MAX_LIST_PAGES + " pages; giving up", null);
    }

    /**
     * The hardware flavors the Hub offers ({@code GET /api/jobs/hardware}).
     *
     * @return the flavor names, e.g. {@code cpu-basic}, {@code a10g-small}
     */
    public List<String> hardware() {
        HttpResponse<String> response = send(request("/api/jobs/hardware").GET().build(), "hardware");
        requireOk(response, "hardware");
        List<String> names = new ArrayList<>();
        parse(response).forEach(h -> {
            if (h.path("name").isTextual()) {
                names.add(h.path("name").asText());
            }
        });
        return names;
    }

    /**
     * Reads the last lines of a job's log stream, until the server ends it, no byte came for the idle timeout, or
     * the request timeout passed; what arrived by then is returned (the {@code ===== Job started} banner and SSE
     * comments are left out).
     *
     * @param jobId the job
     * @param tailLines how many lines at most
     * @return the lines, joined with {@code \n}
     */
    public String logs(String jobId, int tailLines) {
        HttpRequest req = request(jobPath(jobId) + "/logs?tail=" + Math.max(0, tailLines))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        return HfJobLogs.read(http, req, requestTimeout, logIdleTimeout, tailLines);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token.get());
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return BodyDeadline.send(http, req, HttpResponse.BodyHandlers.ofString(), requestTimeout);
        } catch (HttpTimeoutException e) {
            throw new HfHubException(
                    Kind.TIMEOUT, 0, Resource.JOB, "jobs API too slow to " + what, null, null, null, e);
        } catch (IOException e) {
            throw new HfHubException(
                    Kind.UNAVAILABLE,
                    0,
                    Resource.JOB,
                    "jobs API unreachable or too slow: " + e.getMessage(),
                    null,
                    null,
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HfHubException(
                    Kind.TIMEOUT, 0, Resource.JOB, "interrupted while calling the jobs API", null, null, null, e);
        }
    }

    private static void requireOk(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw HfHubException.fromAnswer(
                    status,
                    response.headers(),
                    response.body() == null ? null : response.body().getBytes(StandardCharsets.UTF_8),
                    Resource.JOB,
                    "jobs API, " + what);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return HfJobsWire.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw HfHubException.invalidResponse(Resource.JOB, "jobs API returned invalid JSON", e);
        }
    }

    private static Optional<String> next(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(header);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private String jobPath(String jobId) {
        return "/api/jobs/" + enc(namespace) + "/" + enc(jobId);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
        return d;
    }
}
