package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobListing;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.jobs.HfJob;
import dev.agentcollab.hf.jobs.HfJobSpec;
import dev.agentcollab.hf.jobs.HfJobVolume;
import dev.agentcollab.hf.jobs.HfJobsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on Hugging Face Jobs: the {@link JobRunner} SPI over {@link HfJobsClient} of the {@code hf-hub-client}
 * module (launch, inspect, cancel, logs, list by label, hardware). Volumes are mounted natively as bucket volumes. The token authorises the launch and is billed; it is never placed
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
 * <p>Thread safe (the {@link HttpClient} is shared). The client's {@link HfHubException}s become
 * {@code JOB_LAUNCH_FAILED} for launches, except a 429 (the Hub throttling launches: retryable
 * {@code RATE_LIMITED} with the Hub's {@code Retry-After}, 30 s when it names none), and retryable
 * {@code UPSTREAM_ERROR} otherwise, with the Hub's {@code Retry-After}.
 */
public final class HfJobsRunner implements JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HfJobsRunner.class);
    private static final List<String> LIVE_STAGES = List.of("SCHEDULING", "RUNNING");
    /** The wait a throttled launch suggests when the Hub's 429 names none. */
    private static final Duration THROTTLED_RETRY = Duration.ofSeconds(30);

    private final HfJobsClient jobs;

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
        this(new HfJobsClient(http, endpoint, namespace, token, requestTimeout, logIdleTimeout));
    }

    /**
     * Creates a runner over a Jobs client.
     *
     * @param jobs the client of the namespace whose credits pay for the jobs
     */
    public HfJobsRunner(HfJobsClient jobs) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public JobHandle launch(JobSpec spec) {
        HfJob job;
        try {
            job = jobs.launch(toWire(spec));
        } catch (HfHubException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CollabException(
                        ErrorCode.JOB_LAUNCH_FAILED, "interrupted while launching the job", null, null, e);
            }
            if (e.status() / 100 == 5 || (e.status() == 0 && e.kind() != HfHubException.Kind.INVALID_RESPONSE)) {
                // a timeout, a transport failure or a 5xx: the Hub may have started the job all the same
                return adoptOrFail(spec, e.getMessage(), e);
            }
            if (e.status() == 429) {
                // the Hub refused the launch for now: nothing runs, and the same request can be made again later
                throw new CollabException(
                        ErrorCode.RATE_LIMITED,
                        "the Hub is throttling job launches; nothing was launched (" + e.getMessage() + ")",
                        "retry after the delay given",
                        e.retryAfter().orElse(THROTTLED_RETRY),
                        e);
            }
            throw new CollabException(ErrorCode.JOB_LAUNCH_FAILED, e.getMessage(), null, null, e);
        }
        return handle(job);
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
    static String payload(JobSpec spec) {
        return HfJobsClient.payload(toWire(spec));
    }

    /** A {@code JobInfo} object as a listing: its labels and its bucket volumes (others are left out). */
    static Optional<JobListing> listing(String jobInfo, String endpoint, String namespace) {
        return HfJobsClient.parseJob(jobInfo, endpoint, namespace).map(HfJobsRunner::listing);
    }

    @Override
    public JobState inspect(String jobId) {
        HfJob job;
        try {
            job = jobs.inspect(jobId);
        } catch (HfHubException e) {
            if (e.status() == 404) {
                throw upstream(
                        "jobs API answered 404 for job " + jobId + " in '" + jobs.namespace()
                                + "'; it may be invisible for now, so it is not taken as deleted",
                        e);
            }
            throw upstream(e.getMessage(), e);
        }
        return new JobState(JobStage.fromWire(job.stage().orElse(null)), job.message());
    }

    @Override
    public void cancel(String jobId) {
        call(() -> jobs.cancel(jobId));
    }

    /** Lists with {@code stage=SCHEDULING&stage=RUNNING} and one {@code label=k=v} per label, following Link. */
    @Override
    public List<JobListing> listActive(Map<String, String> labels) {
        List<JobListing> out = new ArrayList<>();
        for (HfJob job : call(() -> jobs.list(LIVE_STAGES, labels))) {
            JobListing l = listing(job);
            if (!l.handle().stage().terminal()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The hardware flavors the Hub offers ({@code GET /api/jobs/hardware}).
     *
     * @return the flavor names, e.g. {@code cpu-basic}, {@code a10g-small}
     */
    public List<String> hardware() {
        return call(jobs::hardware);
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
        return call(() -> jobs.logs(jobId, tailLines));
    }

    @Override
    public String name() {
        return "hf-jobs";
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (HfHubException e) {
            throw upstream(e.getMessage(), e);
        }
    }

    private static CollabException upstream(String message, HfHubException e) {
        return new CollabException(
                ErrorCode.UPSTREAM_ERROR, message, null, e.retryAfter().orElse(null), e);
    }

    private static HfJobSpec toWire(JobSpec spec) {
        List<HfJobVolume> volumes = spec.volumes().stream()
                .map(v -> new HfJobVolume(
                        new HfBucketId(v.bucket().org(), v.bucket().name()), v.prefix(), v.mountPath(), v.readOnly()))
                .toList();
        return new HfJobSpec(spec.image(), spec.command(), spec.flavor(), spec.timeout(), spec.labels(), volumes);
    }

    private static JobHandle handle(HfJob job) {
        return new JobHandle(job.id(), job.url(), JobStage.fromWire(job.stage().orElse(null)));
    }

    private static JobListing listing(HfJob job) {
        List<JobVolume> volumes = new ArrayList<>();
        for (HfJobVolume v : job.volumes()) {
            try {
                volumes.add(new JobVolume(
                        new BucketId(v.bucket().namespace(), v.bucket().name()),
                        v.path(),
                        v.mountPath(),
                        v.readOnly()));
            } catch (RuntimeException e) {
                // a volume this SDK cannot read is left out
            }
        }
        return new JobListing(handle(job), job.labels(), volumes);
    }
}
