package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A runner with one slot runs benchmark jobs one after the other, so timing runs never share the CPU. */
@Timeout(120)
class LocalProcessJobRunnerSlotsTest {
    private static final BucketId RUNS = BucketId.parse("org/collab-agent-1");

    @TempDir
    Path dir;

    private static JobSpec sh(String script, String statePrefix) {
        return new JobSpec(
                "ignored",
                List.of("sh", "-c", script, "job", "/state"),
                "ignored",
                Duration.ofMinutes(5),
                Map.of(),
                List.of(new JobVolume(RUNS, statePrefix, "/state", false)));
    }

    /** Polls until the job ends; fails after 60 s. */
    static JobStage awaitTerminal(LocalProcessJobRunner runner, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobStage stage;
        while (!(stage = runner.inspect(id).stage()).terminal()) {
            if (System.nanoTime() - deadline > 0) {
                fail("job " + id + " still " + stage + " after 60 s");
            }
            Thread.sleep(5);
        }
        return stage;
    }

    /** A shell loop that waits for {@code gate} to exist, at most 60 s. */
    private static String awaitGate(Path gate) {
        return "i=0; while [ ! -e '" + gate + "' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; ";
    }

    @Test
    void onlyTheNewestEndedJobsAreKeptAndAnOlderOneIsAnsweredAsDeleted() throws Exception {
        try (InMemoryBucketStore store = InMemoryBucketStore.create();
                LocalProcessJobRunner runner =
                        new LocalProcessJobRunner(store, dir.resolve("work"), new Random(1), 1)) {
            store.create(RUNS, false);
            runner.keepEnded(2);
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JobHandle h = runner.launch(sh("echo run " + i + "; echo x > $1/x", "r" + i));
                assertEquals(JobStage.COMPLETED, awaitTerminal(runner, h.id()));
                ids.add(h.id());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (runner.inspect(ids.get(0)).stage() != JobStage.DELETED && System.nanoTime() < deadline) {
                Thread.sleep(5); // the third job's end is filed just after it is reported
            }
            assertEquals(JobStage.DELETED, runner.inspect(ids.get(0)).stage(), "the oldest ended job is forgotten");
            assertEquals(
                    dev.agentcollab.api.error.ErrorCode.NOT_FOUND,
                    org.junit.jupiter.api.Assertions.assertThrows(
                                    dev.agentcollab.api.error.CollabException.class, () -> runner.logs(ids.get(0), 5))
                            .code());
            assertEquals(JobStage.COMPLETED, runner.inspect(ids.get(1)).stage());
            assertEquals(JobStage.COMPLETED, runner.inspect(ids.get(2)).stage());
            assertEquals("run 2", runner.logs(ids.get(2), 5));
        }
    }

    @Test
    void aSecondJobWaitsForTheSlotAndRunsWhenTheFirstEnds() throws Exception {
        Path gate = dir.resolve("gate");
        try (InMemoryBucketStore store = InMemoryBucketStore.create();
                LocalProcessJobRunner runner =
                        new LocalProcessJobRunner(store, dir.resolve("work"), new Random(1), 1)) {
            store.create(RUNS, false);
            JobHandle first = runner.launch(sh(awaitGate(gate) + "echo a > $1/a", "r1"));
            JobHandle second = runner.launch(sh("echo b > $1/b", "r2"));

            assertEquals(JobStage.RUNNING, first.stage());
            assertEquals(JobStage.SCHEDULING, second.stage());
            assertEquals(JobStage.SCHEDULING, runner.inspect(second.id()).stage());
            assertFalse(
                    Files.exists(dir.resolve("work").resolve(second.id()).resolve("state")),
                    "a queued job's volumes are copied out only when it starts");

            Files.createFile(gate);
            assertEquals(JobStage.COMPLETED, awaitTerminal(runner, first.id()));
            assertEquals(JobStage.COMPLETED, awaitTerminal(runner, second.id()));
            assertEquals("b\n", store.readString(RUNS, BucketPath.of("r2/b")).orElseThrow());
        }
    }

    @Test
    void aQueuedJobCanBeCanceledWithoutEverStarting() throws Exception {
        Path gate = dir.resolve("gate");
        try (InMemoryBucketStore store = InMemoryBucketStore.create();
                LocalProcessJobRunner runner =
                        new LocalProcessJobRunner(store, dir.resolve("work"), new Random(2), 1)) {
            store.create(RUNS, false);
            JobHandle first = runner.launch(sh(awaitGate(gate), "r1"));
            JobHandle queued = runner.launch(sh("echo never > $1/x", "r2"));

            runner.cancel(queued.id());
            Files.createFile(gate);

            assertEquals(JobStage.COMPLETED, awaitTerminal(runner, first.id()));
            assertEquals(JobStage.CANCELED, awaitTerminal(runner, queued.id()));
            assertEquals(
                    "canceled before it started",
                    runner.inspect(queued.id()).message().orElseThrow());
            assertFalse(store.read(RUNS, BucketPath.of("r2/x")).isPresent());
            // the slot was given back: a third job runs
            JobHandle third = runner.launch(sh("echo c > $1/c", "r3"));
            assertEquals(JobStage.RUNNING, third.stage());
            assertEquals(JobStage.COMPLETED, awaitTerminal(runner, third.id()));
        }
    }

    @Test
    void slotsMustBePositive() {
        try (InMemoryBucketStore store = InMemoryBucketStore.create()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new LocalProcessJobRunner(store, dir.resolve("work"), new Random(3), 0));
        }
    }
}
