package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Concurrency on the file-system backend. */
class ConcurrencyFileSystemTest extends ConcurrencyContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }
}
