package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable list of jobs that are not finished (docs/storage-design.md §6): one JSON record per job at
 * {@code jobs/open/<job_id>.json} in the private audit bucket, written right after the launch, updated with the
 * process id when a local job starts, and deleted once the job's final status is written. What is left at start-up
 * belongs to jobs whose watcher died with the server; {@link JobReconciler} settles them.
 *
 * <p>Record keys: {@code job_id}, {@code kind} ({@code benchmark} or {@code verification}), {@code runner},
 * {@code bucket} and {@code run_prefix} (where {@code job_status.json} goes), {@code launched_at},
 * {@code deadline} (launch + timeout + grace), {@code pid} and {@code process_start} (local jobs, once started),
 * {@code status} (the fields copied into the final {@code job_status.json}). Failures are logged: the ledger never
 * fails a launch. Thread safe.
 */
public final class JobLedger {
    /** Where the records live in the audit bucket. */
    public static final String PREFIX = "jobs/open/";

    private static final Logger LOG = LoggerFactory.getLogger(JobLedger.class);

    private final BucketStore store;
    private final BucketId bucket;
    private final Map<String, Map<String, Object>> open = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> startedEarly = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * Creates the ledger.
     *
     * @param store the store
     * @param bucket the private audit bucket
     */
    public JobLedger(BucketStore store, BucketId bucket) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * Records a launched job.
     *
     * @param record the record (see the class comment)
     */
    public void open(Map<String, Object> record) {
        String id = String.valueOf(record.get("job_id"));
        synchronized (lock(id)) {
            Map<String, Object> r = new LinkedHashMap<>(record);
            Map<String, Object> early = startedEarly.remove(id);
            if (early != null) {
                r.putAll(early);
            }
            open.put(id, r);
            write(id, r);
        }
    }

    /**
     * Adds the process of a local job that started.
     *
     * @param jobId the job
     * @param process its process
     */
    public void started(String jobId, ProcessHandle process) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pid", process.pid());
        process.info().startInstant().ifPresent(s -> p.put("process_start", s.toString()));
        synchronized (lock(jobId)) {
            Map<String, Object> r = open.get(jobId);
            if (r == null) {
                startedEarly.put(jobId, p); // launch() starts the process before it returns the id
                return;
            }
            r.putAll(p);
            write(jobId, r);
        }
    }

    /**
     * Removes a finished job.
     *
     * @param jobId the job
     */
    public void close(String jobId) {
        synchronized (lock(jobId)) {
            open.remove(jobId);
            startedEarly.remove(jobId);
            try {
                store.delete(bucket, path(jobId));
            } catch (RuntimeException e) {
                LOG.warn("could not remove job " + jobId + " from the ledger", e);
            }
        }
        locks.remove(jobId);
    }

    /**
     * The records in the bucket (all of them at start-up, before anything was launched).
     *
     * @return the records
     */
    public List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!store.exists(bucket)) {
            return out;
        }
        for (BucketEntry e : store.listAll(bucket, PREFIX)) {
            store.read(bucket, e.path()).ifPresent(bytes -> {
                try {
                    out.add(Json.mapper().readValue(bytes, new TypeReference<Map<String, Object>>() {}));
                } catch (IOException ex) {
                    LOG.warn("unreadable job ledger record " + e.path() + " skipped");
                }
            });
        }
        return out;
    }

    private void write(String jobId, Map<String, Object> record) {
        try {
            store.put(bucket, path(jobId), Json.mapper().writeValueAsBytes(record));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not record job " + jobId + " in the ledger", e);
        }
    }

    private Object lock(String jobId) {
        return locks.computeIfAbsent(jobId, k -> new Object());
    }

    private static BucketPath path(String jobId) {
        return BucketPath.of(PREFIX + jobId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}
