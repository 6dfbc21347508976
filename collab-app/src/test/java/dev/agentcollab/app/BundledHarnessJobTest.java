package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.app.demo.DemoBenchmark;
import dev.agentcollab.core.bucket.BucketFolders;
import dev.agentcollab.core.service.job.HarnessJobs;
import dev.agentcollab.core.service.job.JavaHarnessPreset;
import dev.agentcollab.core.service.job.JobOutcome;
import dev.agentcollab.core.service.job.JobsConfig;
import dev.agentcollab.core.service.job.LocalProcessJobRunner;
import dev.agentcollab.inference.harness.HarnessBundle;
import dev.agentcollab.inference.harness.ProgressListener;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness runs as a job from jars stored in the central bucket: the child JVM's class path is only
 * {@code /harness/lib/*}, rewritten by the local runner to the job's copy of the bundle.
 */
class BundledHarnessJobTest {
    private static final BucketId CENTRAL = BucketId.parse("org/collab-main-bucket");
    private static final BucketId AGENT = BucketId.parse("org/collab-agent-1");

    @TempDir
    Path dir;

    @Test
    void theBundledHarnessRunsAsALocalJobWithOnlyTheBucketJars() throws Exception {
        BucketStore store = InMemoryBucketStore.create(MutableClock.at("2026-06-01T10:00:00Z"));
        store.create(CENTRAL, true);
        store.create(AGENT, true);

        HarnessBundle.Bundle bundle = HarnessBundle.writeCurrent(dir.resolve("bundle/lib"));
        assertFalse(bundle.jars().isEmpty());
        HarnessBundle.upload(store, CENTRAL, "shared_resources/harness/lib", bundle.libDir());
        List<Path> submissions = DemoBenchmark.prepareSuite(dir.resolve("suite"), 7, ProgressListener.NONE);
        BucketFolders.upload(store, CENTRAL, "shared_resources/harness/data", dir.resolve("suite/data"));
        BucketFolders.upload(store, AGENT, "submissions/plain", submissions.get(0));

        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        JobsConfig config = JavaHarnessPreset.apply(LocalCollaboration.jobsConfig()).toBuilder()
                .interpreter(JavaHarnessPreset.interpreter(javaBin)) // the preset's "java", but this JDK's launcher
                .build();
        assertEquals("/harness/lib/*", config.interpreter().get(5));

        try (LocalProcessJobRunner runner = new LocalProcessJobRunner(store, dir.resolve("work"), new Random(3), 1);
                HarnessJobs jobs = new HarnessJobs(config, runner, store, CENTRAL, "collab", Clock.systemUTC())) {
            HarnessJobs.Run run = jobs.launchBenchmark("agent-1", "alice", AGENT, "submissions/plain", "runs/r1");
            JobOutcome outcome = run.finished().get(10, TimeUnit.MINUTES);
            String logs = store.readString(AGENT, BucketPath.of("runs/r1/job_logs.txt"))
                    .orElse("");
            assertEquals("completed", outcome.status(), logs);
            JsonNode summary = new ObjectMapper()
                    .readTree(store.read(AGENT, BucketPath.of("runs/r1/summary.json"))
                            .orElseThrow());
            assertEquals("completed", summary.path("status").asText(), summary.toString());
        }
    }
}
