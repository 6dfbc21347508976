package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobListing;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on Hugging Face Jobs over its REST API: {@code POST /api/jobs/{namespace}} to launch,
 * {@code GET /api/jobs/{namespace}/{id}} to inspect, {@code POST .../cancel} to cancel,
 * {@code GET .../logs?tail=N} (a server-sent-event stream of {@code data: {"data": "<line>"}} events) for logs,
 * {@code GET /api/jobs/{namespace}?stage=..&label=k=v} to list and {@code GET /api/jobs/hardware} for the flavors.
 * Volumes are mounted natively as bucket volumes. The token authorises the launch and is billed; it is never placed
 * in the job's environment.
 *
 * <p>Failure handling: a 404 on inspect is not taken to mean "deleted" (a job may be invisible for a moment, or to
 * a token without read rights) but thrown as a retryable {@code UPSTREAM_ERROR}; the supervisor keeps polling and
 * cancels at the cap. When a launch times out, fails in transport or gets a 5xx, the Hub may still have accepted
 * it: when the spec carries a {@code run_id} label (unique per launch, as {@link HarnessJobs} sets it), the runner
 * lists the namespace's live jobs carrying the spec's labels and adopts the one it finds, so no job runs unwatched;
 * only when none is found is the launch reported failed. A log stream that stays open is read until
 * no byte came for the idle timeout (5 s by default, as huggingface_hub does) or the request timeout passed.
 *
 * <p>Thread safe (the {@link HttpClient} is shared).
 */
public final class HfJobsRunner implements JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HfJobsRunner.class);
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,<]*rel=\"?next\"?");
    private static final int MAX_LIST_PAGES = 100;

    private final HttpClient http;
    private final String endpoint;
    private final String namespace;
    private final Supplier<String> token;
    private final Duration requestTimeout;
    private final Duration logIdleTimeout;

    /**
     * Creates a runner whose log reads end after 5 s without a byte.
     *
     * @param http the HTTP client
     * @param endpoint the Hub endpoint, e.g. {@code https://huggingface.co}
     * @param namespace the org (or user) whose credits pay for the jobs
     * @param token supplies the launching token
     * @param requestTimeout the timeout of each HTTP call, and the most a log read may take
     */
    public HfJobsRunner(
            HttpClient http, URI endpoint, String namespace, Supplier<String> token, Duration requestTimeout) {
        this(http, endpoint, namespace, token, requestTimeout, Duration.ofSeconds(5));
    }

    /**
     * Creates a runner.
     *
     * @param http the HTTP client
     * @param endpoint the Hub endpoint, e.g. {@code https://huggingface.co}
     * @param namespace the org (or user) whose credits pay for the jobs
     * @param token supplies the launching token
     * @param requestTimeout the timeout of each HTTP call, and the most a log read may take
     * @param logIdleTimeout how long a log read waits for the next byte of a stream the server keeps open
     */
    public HfJobsRunner(
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

    @Override
    public JobHandle launch(JobSpec spec) {
        HttpRequest post = request("/api/jobs/" + enc(namespace))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(spec).toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return adoptOrFail(spec, "jobs API unreachable or too slow: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CollabException.of(ErrorCode.JOB_LAUNCH_FAILED, "interrupted while launching the job");
        }
        int status = response.statusCode();
        if (status / 100 == 5) {
            return adoptOrFail(spec, "jobs API answered " + status + ": " + abbreviate(response.body()), null);
        }
        if (status / 100 != 2) {
            throw CollabException.of(
                    ErrorCode.JOB_LAUNCH_FAILED, "jobs API answered " + status + ": " + abbreviate(response.body()));
        }
        return HfJobsWire.handle(parse(response.body(), ErrorCode.JOB_LAUNCH_FAILED), endpoint, namespace)
                .orElseThrow(() -> CollabException.of(ErrorCode.JOB_LAUNCH_FAILED, "jobs API returned no job id"));
    }

    /** After a launch whose answer was lost, finds the job by its labels or reports the launch failed. */
    private JobHandle adoptOrFail(JobSpec spec, String why, Exception cause) {
        if (!spec.labels().containsKey(HarnessJobs.RUN_ID_LABEL)) {
            // without a label unique to this launch, a listed job might be an earlier one: adopt nothing
            throw new CollabException(ErrorCode.JOB_LAUNCH_FAILED, why, null, null, cause);
        }
        List<JobListing> found;
        try {
            found = listActive(spec.labels());
        } catch (RuntimeException e) {
            throw new CollabException(
                    ErrorCode.JOB_LAUNCH_FAILED,
                    why + "; the job may have started and could not be looked up (" + e.getMessage()
                            + "); it will be reconciled at the next start-up",
                    null,
                    null,
                    cause);
        }
        if (found.size() == 1) {
            LOG.warn("launch answer lost (" + why + "); adopted job "
                    + found.get(0).handle().id());
            return found.get(0).handle();
        }
        if (found.size() > 1) {
            throw new CollabException(
                    ErrorCode.JOB_LAUNCH_FAILED,
                    why + "; " + found.size() + " live jobs carry the same labels, none adopted",
                    null,
                    null,
                    cause);
        }
        throw new CollabException(ErrorCode.JOB_LAUNCH_FAILED, why + "; no job was started", null, null, cause);
    }

    /**
     * Builds the JSON body of a launch request.
     *
     * @param spec the job
     * @return the request body
     */
    static com.fasterxml.jackson.databind.node.ObjectNode payload(JobSpec spec) {
        return HfJobsWire.payload(spec);
    }

    @Override
    public JobState inspect(String jobId) {
        HttpResponse<String> response = send(request(jobPath(jobId)).GET().build());
        if (response.statusCode() == 404) {
            throw CollabException.of(
                    ErrorCode.UPSTREAM_ERROR,
                    "jobs API answered 404 for job " + jobId + " in '" + namespace
                            + "'; it may be invisible for now, so it is not taken as deleted");
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

    /** Lists with {@code stage=SCHEDULING&stage=RUNNING} and one {@code label=k=v} per label, following Link. */
    @Override
    public List<JobListing> listActive(Map<String, String> labels) {
        StringBuilder query = new StringBuilder("?stage=SCHEDULING&stage=RUNNING");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> query.append("&label=")
                .append(enc(e.getKey() + "=" + e.getValue())));
        URI uri = URI.create(endpoint + "/api/jobs/" + enc(namespace) + query);
        List<JobListing> out = new ArrayList<>();
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + token.get())
                    .GET()
                    .build());
            requireOk(response, "list");
            for (JsonNode job : parse(response.body(), ErrorCode.UPSTREAM_ERROR)) {
                HfJobsWire.listing(job, endpoint, namespace)
                        .filter(l -> !l.handle().stage().terminal())
                        .filter(l -> l.labels().entrySet().containsAll(labels.entrySet()))
                        .ifPresent(out::add);
            }
            Optional<URI> next = next(response).map(uri::resolve);
            if (next.isEmpty() || !next.get().toString().startsWith(endpoint + "/")) {
                return out;
            }
            uri = next.get();
        }
        return out;
    }

    /**
     * The hardware flavors the Hub offers ({@code GET /api/jobs/hardware}).
     *
     * @return the flavor names, e.g. {@code cpu-basic}, {@code a10g-small}
     */
    public List<String> hardware() {
        HttpResponse<String> response = send(request("/api/jobs/hardware").GET().build());
        requireOk(response, "hardware");
        List<String> names = new ArrayList<>();
        parse(response.body(), ErrorCode.UPSTREAM_ERROR).forEach(h -> {
            if (h.path("name").isTextual()) {
                names.add(h.path("name").asText());
            }
        });
        return names;
    }

    @Override
    public void checkFlavor(String flavor) {
        List<String> offered = hardware();
        if (!offered.contains(flavor)) {
            throw new IllegalArgumentException(
                    "JOB_FLAVOR '" + flavor + "' is not offered by HF Jobs; choose one of " + offered);
        }
    }

    /**
     * Reads the log stream until the server ends it, no byte came for the idle timeout, or the request timeout
     * passed (the Hub may keep a log stream open with keep-alive comments); what arrived by then is returned.
     */
    @Override
    public String logs(String jobId, int tailLines) {
        HttpRequest req = request(jobPath(jobId) + "/logs?tail=" + Math.max(0, tailLines))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        return HfJobLogs.read(http, req, requestTimeout, logIdleTimeout, tailLines);
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

    private static Optional<String> next(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(header);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
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

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
        return d;
    }
}
