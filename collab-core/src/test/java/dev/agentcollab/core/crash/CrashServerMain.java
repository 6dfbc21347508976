package dev.agentcollab.core.crash;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The server of {@link ExactlyOnceCrashTest}, run in a child JVM: a collaboration service on file buckets under
 * {@code <dir>/buckets}, benchmark jobs as local processes, the {@code /v1} API on a loopback port written to
 * {@code <dir>/port} once it serves (after start-up recovery and job reconciliation). Runs until killed.
 */
public final class CrashServerMain {
    static final String ORG = "org";
    static final String SLUG = "crash";

    private CrashServerMain() {}

    /** Tokens {@code tok-<i>} of users {@code user<i>}, members of the organisation. */
    static StaticIdentityProvider identity(int agents) {
        StaticIdentityProvider.Builder ids = StaticIdentityProvider.builder();
        for (int i = 0; i < agents; i++) {
            ids.member("tok-" + i, "user" + i, ORG, "write");
        }
        return ids.build();
    }

    static CollabConfig config() {
        return CollabConfig.custom(ORG, SLUG)
                .rawMessagePerMinute(100_000)
                .rawMessagePerHour(1_000_000)
                .bucketWriteBurst(100_000)
                .bucketWritePerMinute(100_000)
                .registrationPerMinute(100_000)
                .build();
    }

    /**
     * Widens the window between a write's commit and its audit row (30 ms before each audit-bucket batch), so that
     * a kill lands in it often and start-up recovery has rows to restore.
     */
    private static BucketStore slowAudit(BucketStore files) {
        BucketId audit = config().auditBucket();
        return new ForwardingBucketStore(files) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                if (bucket.equals(audit)) {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.apply(bucket, ops);
            }
        };
    }

    /**
     * Starts the server.
     *
     * @param args the data folder and the number of agents
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int agents = Integer.parseInt(args[1]);
        BucketStore store = slowAudit(FileSystemBucketStore.open(dir.resolve("buckets")));
        JobsConfig jobs = JobsConfig.custom()
                .enabled(true)
                .interpreter(List.of("sh"))
                .entrypoint("run.sh")
                .timeout(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .grace(Duration.ofSeconds(5))
                .perAgentPerDay(1000)
                .perUserPerDay(1000)
                .build();
        long pid = ProcessHandle.current().pid();
        CollabService service = CollabService.builder()
                .store(store)
                .config(config())
                .identity(identity(agents))
                .results(ResultsConfig.ofDefaults())
                .jobs(jobs)
                .jobRunner(new LocalProcessJobRunner(store, dir.resolve("jobs-" + pid), new Random(pid)))
                .build();
        RunningServer server = CollabServer.create(
                        c -> c.port(0).sessions(service::session).description(ServiceDescription.from(service)))
                .start();
        Path tmp = dir.resolve("port.tmp");
        Files.writeString(tmp, Integer.toString(server.port()), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("port"), StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }
}
