package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Board behaviour on the file-system backend. */
class BoardFileSystemTest extends BoardContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }
}
