package dev.agentcollab.core.service.taskforce;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Taskforces on the memory backend. */
class TaskforceInMemoryTest extends TaskforceContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }
}
