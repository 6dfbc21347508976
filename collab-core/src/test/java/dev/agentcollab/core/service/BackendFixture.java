package dev.agentcollab.core.service;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the behaviour suites: one harness per test, on the backend chosen by the subclass. */
public abstract class BackendFixture {
    @TempDir
    protected Path tmp;

    protected MutableClock clock;
    protected ServiceHarness h;

    /** Which backend the suite runs on. */
    protected abstract BucketStore newStore(MutableClock clock);

    @BeforeEach
    void startService() {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        h = new ServiceHarness(newStore(clock), clock);
    }

    /**
     * Closes the service, which waits for the audit rows its writes queued behind them: a row still being written
     * when the test ends would otherwise create files in the temporary folder while it is being deleted.
     */
    @AfterEach
    void stopService() {
        h.service.close();
    }

    /** In-memory backend. */
    protected static BucketStore memory(MutableClock clock) {
        return InMemoryBucketStore.create(clock);
    }

    /** File-system backend in a temporary folder. */
    protected BucketStore files(MutableClock clock) {
        return FileSystemBucketStore.open(tmp.resolve("store"), clock);
    }
}
