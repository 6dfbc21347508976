package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.testkit.hub.FakeHubState.User;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The fake Hub's HF Jobs API ({@code /api/jobs}), written from the official clients (huggingface_hub's
 * {@code _jobs_api.py}/{@code hf_api.py}, huggingface.js's {@code lib/jobs}), not from this SDK's runner:
 *
 * <ul>
 *   <li>every route needs a Bearer token of a user (401 otherwise); running, listing and managing jobs of a
 *       namespace needs a writing role there (403 otherwise);
 *   <li>{@code POST /api/jobs/{ns}} checks the body like the Hub's clients build it: exactly one of
 *       {@code dockerImage}/{@code spaceId}, a non-empty string array {@code command}, {@code arguments},
 *       {@code environment} and {@code secrets} of the right types, a {@code flavor} from {@link #FLAVORS},
 *       a positive {@code timeoutSeconds}, labels of 1-100 letters, digits, {@code . - _}, and volumes
 *       {@code {type, source, mountPath, readOnly?, path?, revision?}} (repositories read-only); unknown keys
 *       answer 400. The job starts {@code SCHEDULING} and answers a {@code JobInfo};
 *   <li>{@code GET /api/jobs/{ns}/{id}} answers the {@code JobInfo}, or 404 for an unknown job, or a transient 404
 *       when {@link #answer404(String, int)} asked for it; {@code POST .../cancel} answers the canceled job;
 *       {@code GET .../logs} streams server-sent events ({@code data: {"data","timestamp"}}, the
 *       {@code ===== Job started} banner, {@code : keep-alive} comments), the last {@code tail} lines when asked,
 *       and may stay open ({@link #hangLogs()});
 *   <li>{@code GET /api/jobs/{ns}?stage=&label=k=v} lists jobs (filters repeated, all labels must match) with
 *       {@code Link: rel="next"} pages of {@link #listPageSize(int)}; {@code GET /api/jobs/hardware} lists
 *       {@link #FLAVORS}.
 * </ul>
 *
 * <p>Thread safe.
 */
public final class FakeHubJobs {
    /** The flavors huggingface_hub's {@code JobHardware} lists. */
    public static final List<String> FLAVORS = List.of(
            "cpu-basic",
            "cpu-upgrade",
            "cpu-performance",
            "cpu-xl",
            "t4-small",
            "t4-medium",
            "l4x1",
            "l4x4",
            "l40sx1",
            "l40sx4",
            "l40sx8",
            "a10g-small",
            "a10g-large",
            "a10g-largex2",
            "a10g-largex4",
            "a100-large",
            "a100x4",
            "a100x8",
            "h200",
            "h200x2",
            "h200x4",
            "h200x8",
            "rtx-pro-6000",
            "rtx-pro-6000x2",
            "rtx-pro-6000x4",
            "rtx-pro-6000x8");

    private static final java.util.Set<String> KNOWN_KEYS = java.util.Set.of(
            "dockerImage",
            "spaceId",
            "command",
            "arguments",
            "environment",
            "secrets",
            "flavor",
            "timeoutSeconds",
            "labels",
            "volumes",
            "arch",
            "attempts",
            "expose",
            "ssh",
            "resourceGroupId");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final FakeHubState state;
    private final InstantSource clock;
    private final Supplier<String> endpoint;
    private final ConcurrentSkipListMap<String, ObjectNode> jobs = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> missing = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancels = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(0x687fb701029421aeL);
    private final AtomicReference<Optional<Duration>> stallNextLaunch = new AtomicReference<>(Optional.empty());
    private volatile LaunchFailure launchFailure = LaunchFailure.NONE;
    private volatile boolean hangLogs;
    private volatile int listPageSize = 50;
    private volatile List<String> logLines = List.of("loading model", "score 41.0\n");

    private final FakeHubJobReads reads;

    FakeHubJobs(FakeHubState state, InstantSource clock, Supplier<String> endpoint) {
        this.state = state;
        this.clock = clock;
        this.endpoint = endpoint;
        this.reads = new FakeHubJobReads(this, clock, endpoint);
    }

    /** The ids of the jobs, oldest first (for listings). */
    Iterable<String> ids() {
        return jobs.keySet();
    }

    ObjectNode stored(String id) {
        return jobs.get(id);
    }

    int pageSize() {
        return listPageSize;
    }

    boolean hanging() {
        return hangLogs;
    }

    List<String> lines() {
        return logLines;
    }

    /**
     * Moves a job to a stage, as the platform would.
     *
     * @param jobId the job
     * @param stage e.g. {@code RUNNING}, {@code COMPLETED}, {@code ERROR}
     * @param message the status message, or {@code null}
     */
    public void setStage(String jobId, String stage, String message) {
        ObjectNode job = job(jobId);
        synchronized (job) {
            ObjectNode status = job.putObject("status").put("stage", stage);
            if (message == null) {
                status.putNull("message");
            } else {
                status.put("message", message);
            }
        }
    }

    /**
     * Makes the next {@code n} inspections of a job answer 404, as a Hub that cannot see the job for a moment.
     *
     * @param jobId the job
     * @param n how many
     */
    public void answer404(String jobId, int n) {
        missing.computeIfAbsent(jobId, k -> new AtomicInteger()).set(n);
    }

    /**
     * Makes launches fail with a status and the Hub's error body (402 for missing credits is a guess).
     *
     * @param status e.g. 402, or 200 to succeed again
     * @param message the error message
     */
    public void failLaunches(int status, String message) {
        failLaunches(status, message, null);
    }

    /**
     * Makes launches fail with a status, the Hub's error body and a {@code Retry-After} header, as a throttled
     * launch (429) is answered.
     *
     * @param status e.g. 429, or 200 to succeed again
     * @param message the error message
     * @param retryAfter the header's delay, or {@code null} for no header
     */
    public void failLaunches(int status, String message, Duration retryAfter) {
        this.launchFailure = new LaunchFailure(status, message, retryAfter);
    }

    private record LaunchFailure(int status, String message, Duration retryAfter) {
        static final LaunchFailure NONE = new LaunchFailure(200, "", null);
    }

    /**
     * Accepts the next launch but holds its answer back for a while, so that a client with a shorter timeout loses
     * it while the job runs.
     *
     * @param stall how long to hold the answer
     */
    public void stallNextLaunchAnswer(Duration stall) {
        stallNextLaunch.set(Optional.of(stall));
    }

    /** Makes log streams send their events and then stay open with keep-alive comments, as the Hub may. */
    public void hangLogs() {
        this.hangLogs = true;
    }

    /**
     * Sets the lines every job's log stream replays.
     *
     * @param lines the lines
     */
    public void logLines(List<String> lines) {
        this.logLines = List.copyOf(lines);
    }

    /**
     * Sets how many jobs one list page holds.
     *
     * @param size at least 1
     */
    public void listPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be >= 1, but was " + size);
        }
        this.listPageSize = size;
    }

    /**
     * The ids of every job launched, oldest first.
     *
     * @return the ids
     */
    public List<String> jobIds() {
        return List.copyOf(jobs.keySet());
    }

    /**
     * A job's {@code JobInfo}, as the fake would answer it.
     *
     * @param jobId the job
     * @return a copy
     */
    public JsonNode info(String jobId) {
        ObjectNode job = job(jobId);
        synchronized (job) {
            return job.deepCopy();
        }
    }

    /**
     * How many times a job was canceled.
     *
     * @param jobId the job
     * @return the count
     */
    public int cancels(String jobId) {
        return cancels.getOrDefault(jobId, new AtomicInteger()).get();
    }

    private ObjectNode job(String jobId) {
        ObjectNode job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        return job;
    }

    /** Routes {@code /api/jobs/...}; {@code s} holds the path segments after {@code api/jobs}. */
    void route(FakeHubExchange ex, List<String> s, String method) throws IOException {
        Optional<User> user = state.userOfToken(ex.bearer().orElse(null));
        if (user.isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        if (s.size() == 1 && s.get(0).equals("hardware") && method.equals("GET")) {
            reads.hardware(ex);
            return;
        }
        if (s.isEmpty()) {
            ex.error(404, null, "Not Found");
            return;
        }
        String ns = s.get(0);
        if (!FakeHubState.canWrite(user.get(), ns)) {
            ex.error(403, null, "You don't have the rights to run or manage jobs in " + ns);
            return;
        }
        String key = s.size() + " " + method;
        switch (key) {
            case "1 POST" -> launch(ex, ns, user.get());
            case "1 GET" -> reads.list(ex, ns);
            case "2 GET" -> inspect(ex, ns, s.get(1));
            case "3 POST" -> {
                if (s.get(2).equals("cancel")) {
                    cancel(ex, ns, s.get(1));
                } else {
                    ex.error(404, null, "Not Found");
                }
            }
            case "3 GET" -> {
                if (s.get(2).equals("logs")) {
                    reads.logs(ex, ns, s.get(1));
                } else {
                    ex.error(404, null, "Not Found");
                }
            }
            default -> ex.error(404, null, "Not Found");
        }
    }

    private void launch(FakeHubExchange ex, String ns, User user) throws IOException {
        JsonNode body;
        try {
            body = ex.jsonBody();
        } catch (IOException e) {
            ex.error(400, null, "invalid JSON body");
            return;
        }
        Optional<String> invalid = FakeHubJobSpecs.validate(body, KNOWN_KEYS, FLAVORS, LABEL);
        if (invalid.isPresent()) {
            ex.error(400, null, invalid.get());
            return;
        }
        LaunchFailure failure = launchFailure;
        if (failure.status() != 200) {
            if (failure.retryAfter() != null) {
                ex.http
                        .getResponseHeaders()
                        .set("Retry-After", Long.toString(failure.retryAfter().toSeconds()));
            }
            ex.error(failure.status(), null, failure.message());
            return;
        }
        String id = String.format("%024x", ids.incrementAndGet());
        ObjectNode job = FakeHubJobSpecs.info(id, ns, user.name(), body, clock.instant());
        jobs.put(id, job);
        Optional<Duration> stall = stallNextLaunch.getAndSet(Optional.empty());
        if (stall.isPresent()) {
            try {
                Thread.sleep(stall.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ex.json(200, info(id));
    }

    private void inspect(FakeHubExchange ex, String ns, String id) throws IOException {
        AtomicInteger miss = missing.get(id);
        if (miss != null && miss.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.error(404, null, "Job not found");
            return;
        }
        ObjectNode job = jobs.get(id);
        if (job == null || !job.path("owner").path("name").asText().equals(ns)) {
            ex.error(404, null, "Job not found");
            return;
        }
        ex.json(200, info(id));
    }

    private void cancel(FakeHubExchange ex, String ns, String id) throws IOException {
        ObjectNode job = jobs.get(id);
        if (job == null || !job.path("owner").path("name").asText().equals(ns)) {
            ex.error(404, null, "Job not found");
            return;
        }
        cancels.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        synchronized (job) {
            String stage = job.path("status").path("stage").asText();
            if (stage.equals("SCHEDULING") || stage.equals("RUNNING")) {
                job.putObject("status").put("stage", "CANCELED").putNull("message");
            }
        }
        ex.json(200, info(id));
    }
}
