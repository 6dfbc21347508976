package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobRunner;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobState;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.bucket.BucketFolders;
import dev.agentcollab.core.service.internal.RecentRuns;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The embedded default runner: runs the job's command as a child process of this JVM. Before the run every volume
 * is copied out of its bucket into {@code <workRoot>/<jobId>/<mount name>}; command arguments that name a mount
 * path ({@code /harness/run.py}, {@code /state}) are rewritten to those folders; stdout and stderr go to
 * {@code <workRoot>/<jobId>/job.log}. When the process exits (or is stopped) the files of the read-write volumes
 * that it created or changed are copied back into their buckets (an unchanged file is not, as with a mounted
 * volume, so it never overwrites what the server wrote there meanwhile), and only then does the job turn terminal, so a watcher that sees {@code COMPLETED} can
 * read {@code summary.json} from the bucket at once. Then the copies of the read-only volumes are deleted; the job's
 * folder keeps {@code job.log} and the writable volumes.
 *
 * <p>Exit status 0 is {@link JobStage#COMPLETED}, any other {@link JobStage#ERROR}; a run longer than the spec's
 * timeout is killed and reported {@link JobStage#CANCELED}. The image and flavor are ignored. Environment variables
 * whose name contains {@code TOKEN} or {@code SECRET} are removed from the child's environment.
 *
 * <p>At most {@code slots} jobs run at once; later launches wait in {@link JobStage#SCHEDULING} (their volumes are
 * copied out when they start, and their timeout counts from then). One slot suits a benchmark host: two timing runs
 * sharing the CPU would skew each other's tokens/s.
 *
 * <p>This runner isolates nothing: the command runs with this process's user rights. It suits single-host
 * deployments and development; use the Hugging Face Jobs runner for untrusted submissions. Thread safe;
 * {@link #close()} kills jobs still running.
 */
public final class LocalProcessJobRunner implements JobRunner {
    private final BucketStore store;
    private final Path workRoot;
    private final RandomGenerator random;
    private final Semaphore slots;
    /**
     * The jobs answered for ({@link #inspect}, {@link #logs}): the running and waiting ones and the newest
     * {@link RecentRuns#KEEP_ENDED} ended ones; an older one is answered as {@link JobStage#DELETED}. A watcher sees
     * a job's end within its poll interval, long before that many later jobs end; the bound keeps a runner that
     * serves a collaboration for months from holding every job.
     */
    private final RecentRuns<LocalJob> jobs = new RecentRuns<>();

    private volatile java.util.function.BiConsumer<String, ProcessHandle> onStart = (id, process) -> {};

    /**
     * Creates a runner whose jobs all run at once.
     *
     * @param store where volumes are read from and written back to
     * @param workRoot the folder under which each job gets its own folder
     * @param random the source of job ids
     */
    public LocalProcessJobRunner(BucketStore store, Path workRoot, RandomGenerator random) {
        this(store, workRoot, random, Integer.MAX_VALUE);
    }

    /**
     * Creates a runner that runs at most {@code slots} jobs at once, in launch order.
     *
     * @param store where volumes are read from and written back to
     * @param workRoot the folder under which each job gets its own folder
     * @param random the source of job ids
     * @param slots how many jobs may run at the same time, at least 1
     * @throws IllegalArgumentException when {@code slots} is below 1
     */
    public LocalProcessJobRunner(BucketStore store, Path workRoot, RandomGenerator random, int slots) {
        this.store = Objects.requireNonNull(store, "store");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
        this.random = Objects.requireNonNull(random, "random");
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, but was " + slots);
        }
        this.slots = new Semaphore(slots, true);
    }

    /**
     * Sets who learns of each job's process when it starts (the job ledger records its pid, so that a restarted
     * server can stop a job whose results it can no longer collect). Called on the launching or the job's thread.
     *
     * @param listener receives the job id and its process
     */
    public void onProcessStart(java.util.function.BiConsumer<String, ProcessHandle> listener) {
        onStart = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public JobHandle launch(JobSpec spec) {
        String id;
        Path dir;
        try {
            Files.createDirectories(workRoot);
            while (true) {
                id = newId();
                dir = workRoot.resolve(id);
                try {
                    Files.createDirectory(dir); // atomic: a folder left by an earlier run is never reused
                    break;
                } catch (FileAlreadyExistsException taken) {
                    // draw another id
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CollabException(
                    ErrorCode.JOB_LAUNCH_FAILED, "could not start local job: " + e.getMessage(), null, null, e);
        }
        LocalJob job = new LocalJob(id, spec, dir);
        jobs.put(id, job);
        boolean runsNow = slots.tryAcquire();
        if (runsNow) {
            try {
                job.process = start(job);
            } catch (IOException | RuntimeException e) {
                slots.release();
                jobs.remove(id);
                throw new CollabException(
                        ErrorCode.JOB_LAUNCH_FAILED, "could not start local job: " + e.getMessage(), null, null, e);
            }
        }
        if (runsNow) {
            notifyStarted(job);
        }
        Thread.ofPlatform().daemon().name("collab-local-job-" + id).start(() -> supervise(job, runsNow));
        return new JobHandle(id, dir.toUri().toString(), runsNow ? JobStage.RUNNING : JobStage.SCHEDULING);
    }

    /** Copies the volumes out and starts the process; the caller holds a slot. */
    private Process start(LocalJob job) throws IOException {
        List<String> command = new ArrayList<>(job.spec.command());
        for (JobVolume volume : job.spec.volumes()) {
            Path local = local(job, volume);
            Files.createDirectories(local);
            copyOut(job, volume, local);
            command.replaceAll(arg -> rewrite(arg, volume.mountPath(), local));
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(job.dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(job.dir.resolve("job.log").toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.toUpperCase(Locale.ROOT).contains("TOKEN")
                        || k.toUpperCase(Locale.ROOT).contains("SECRET"));
        return pb.start();
    }

    private void supervise(LocalJob job, boolean started) {
        boolean holding = started;
        try {
            if (!started) {
                slots.acquire();
                holding = true;
                synchronized (job) {
                    if (job.canceled) {
                        job.end = new JobState(JobStage.CANCELED, Optional.of("canceled before it started"));
                        return;
                    }
                    try {
                        job.process = start(job);
                    } catch (IOException | RuntimeException e) {
                        job.end = new JobState(JobStage.ERROR, Optional.of("could not start: " + e.getMessage()));
                        return;
                    }
                }
                notifyStarted(job);
            }
            job.end = await(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.end = new JobState(JobStage.CANCELED, Optional.of("runner stopped before the job started"));
        } finally {
            if (holding) {
                slots.release();
            }
            ended(job);
        }
    }

    /** Files an ended job: what only its run needed is dropped, and the oldest ended jobs past the bound go. */
    private void ended(LocalJob job) {
        job.copiedOut.clear();
        jobs.ended(job.id, job);
    }

    /**
     * Keeps fewer ended jobs than {@link RecentRuns#KEEP_ENDED} (tests).
     *
     * @param n how many ended jobs are answered for, at least 1
     */
    void keepEnded(int n) {
        jobs.keepEnded(n);
    }

    private JobState await(LocalJob job) {
        JobState end;
        try {
            boolean exited = job.process.waitFor(job.spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(job.process);
                job.process.waitFor();
                end = new JobState(JobStage.CANCELED, Optional.of("exceeded timeout of " + job.spec.timeout()));
            } else if (job.canceled) {
                end = new JobState(JobStage.CANCELED, Optional.of("canceled"));
            } else if (job.process.exitValue() == 0) {
                end = JobState.of(JobStage.COMPLETED);
            } else {
                end = new JobState(JobStage.ERROR, Optional.of("exit code " + job.process.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(job.process);
            end = new JobState(JobStage.CANCELED, Optional.of("runner stopped"));
        }
        try {
            copyBack(job);
        } catch (RuntimeException | IOException e) {
            end = new JobState(JobStage.ERROR, Optional.of("could not write back the state volume: " + e.getMessage()));
        }
        removeReadOnlyCopies(job);
        return end;
    }

    /**
     * Deletes the job's copies of its read-only volumes (the submission, the harness and its data: model weights,
     * gigabytes on a real model, and a verification's private data set) once the process has ended: they are copies
     * of bucket files, so nothing is lost, and a work folder that kept them would grow by a submission per job for
     * as long as the collaboration runs. {@code job.log} and the writable volumes' folders (written back already)
     * stay. Best effort: a file that cannot be deleted is left.
     */
    private static void removeReadOnlyCopies(LocalJob job) {
        for (JobVolume volume : job.spec.volumes()) {
            if (volume.readOnly()) {
                deleteTree(local(job, volume));
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left: best effort
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // left: best effort
        }
    }

    /** The folder a volume is copied to for a job: its mount path below the job's folder, {@code /} as {@code _}. */
    private static Path local(LocalJob job, JobVolume volume) {
        return job.dir.resolve(volume.mountPath().substring(1).replace('/', '_'));
    }

    private void notifyStarted(LocalJob job) {
        try {
            onStart.accept(job.id, job.process.toHandle());
        } catch (RuntimeException e) {
            // the listener's failure never stops a job
        }
    }

    private void copyOut(LocalJob job, JobVolume volume, Path local) throws IOException {
        BucketFolders.download(store, volume.bucket(), volume.prefix(), local);
        if (!volume.readOnly()) {
            try (java.util.stream.Stream<Path> files = Files.walk(local)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    job.copiedOut.put(file, digest(file));
                }
            }
        }
    }

    /**
     * Writes back the files of the writable volumes that the job created or changed, as a mounted volume would: a
     * file left as it was copied out is not written, so it never overwrites what the server wrote to the bucket
     * meanwhile (e.g. the final {@code job_status.json} of a job canceled at its time cap).
     */
    private void copyBack(LocalJob job) throws IOException {
        for (JobVolume volume : job.spec.volumes()) {
            if (!volume.readOnly()) {
                Path local = local(job, volume);
                BucketFolders.upload(store, volume.bucket(), volume.prefix(), local, file -> {
                    String before = job.copiedOut.get(file);
                    return before == null || !before.equals(digest(file));
                });
            }
        }
    }

    private static String rewrite(String arg, String mountPath, Path local) {
        if (arg.equals(mountPath)) {
            return local.toString();
        }
        if (arg.startsWith(mountPath + "/")) {
            // plain string joining, not Path.resolve: a rest such as "lib/*" (a Java class-path wildcard) is not a
            // valid path on every platform, and the child process expands it, not this runner
            String rest = arg.substring(mountPath.length() + 1);
            return local + File.separator + rest.replace('/', File.separatorChar);
        }
        return arg;
    }

    /**
     * Rewrites one command argument that names a mount path to the local folder of that mount; package-private
     * for tests.
     *
     * @param arg the argument
     * @param mountPath the mount path, e.g. {@code /harness}
     * @param local the local folder
     * @return the rewritten argument, or {@code arg} when it does not start with the mount path
     */
    static String rewriteForTest(String arg, String mountPath, Path local) {
        return rewrite(arg, mountPath, local);
    }

    @Override
    public JobState inspect(String jobId) {
        LocalJob job = jobs.get(jobId).orElse(null);
        if (job == null) {
            return new JobState(JobStage.DELETED, Optional.of("no such job: " + jobId));
        }
        JobState end = job.end;
        if (end != null) {
            return end;
        }
        return JobState.of(job.process == null ? JobStage.SCHEDULING : JobStage.RUNNING);
    }

    @Override
    public void cancel(String jobId) {
        LocalJob job = jobs.get(jobId).orElse(null);
        if (job != null) {
            cancel(job);
        }
    }

    private static void cancel(LocalJob job) {
        synchronized (job) {
            job.canceled = true;
            Process process = job.process;
            if (process != null && process.isAlive()) {
                kill(process);
            }
        }
    }

    @Override
    public String logs(String jobId, int tailLines) {
        LocalJob job = jobs.get(jobId).orElse(null);
        if (job == null) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "no such job: " + jobId);
        }
        Path log = job.dir.resolve("job.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - Math.max(0, tailLines)), lines.size()));
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.UNAVAILABLE, "could not read job log: " + e.getMessage(), null, null, e);
        }
    }

    @Override
    public String name() {
        return "local-process";
    }

    /** Kills every job that is still running and cancels those still waiting for a slot. */
    @Override
    public void close() {
        for (LocalJob job : jobs.values()) {
            if (job.end == null) {
                cancel(job);
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private String newId() {
        byte[] bytes = new byte[8];
        synchronized (random) { // the injected generator need not be thread safe; launches run concurrently
            random.nextBytes(bytes);
        }
        return "local-" + HexFormat.of().formatHex(bytes);
    }

    private static String digest(Path file) {
        try {
            return dev.agentcollab.core.service.internal.Hashes.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class LocalJob {
        final String id;
        final JobSpec spec;
        final Path dir;
        /** The files of writable volumes as copied out, with the SHA-256 of their content. */
        final Map<Path, String> copiedOut = new ConcurrentHashMap<>();

        volatile Process process;
        volatile boolean canceled;
        volatile JobState end;

        LocalJob(String id, JobSpec spec, Path dir) {
            this.id = id;
            this.spec = spec;
            this.dir = dir;
        }
    }
}
