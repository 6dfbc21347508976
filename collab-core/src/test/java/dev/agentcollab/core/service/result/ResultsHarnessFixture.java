package dev.agentcollab.core.service.result;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the results and traces contracts share: a {@link ResultsHarness} on the store a backend subclass makes,
 * with agent-1 and agent-2 onboarded at a fixed clock, closed after each test.
 */
public abstract class ResultsHarnessFixture {
    @TempDir
    Path tmp;

    /** The harness's clock, at 2026-06-01T10:00:00Z when a test starts. */
    protected MutableClock clock;

    /** The service under test with its store. */
    protected ResultsHarness h;

    /**
     * The backend under test.
     *
     * @param dir an empty temporary folder
     * @param clock the clock the store must use
     * @return the store
     */
    protected abstract BucketStore newStore(Path dir, MutableClock clock);

    @BeforeEach
    void start() {
        clock = MutableClock.at("2026-06-01T10:00:00Z");
        h = new ResultsHarness(newStore(tmp, clock), clock);
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
    }

    @AfterEach
    void stop() {
        h.close();
    }
}
