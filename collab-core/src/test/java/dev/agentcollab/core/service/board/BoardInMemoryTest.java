package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Board behaviour on the in-memory backend. */
class BoardInMemoryTest extends BoardContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }
}
