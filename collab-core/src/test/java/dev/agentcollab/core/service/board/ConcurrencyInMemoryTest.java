package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Concurrency on the in-memory backend. */
class ConcurrencyInMemoryTest extends ConcurrencyContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }
}
