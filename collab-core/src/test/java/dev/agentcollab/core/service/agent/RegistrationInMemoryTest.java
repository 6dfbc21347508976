package dev.agentcollab.core.service.agent;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Registration on the in-memory backend. */
class RegistrationInMemoryTest extends RegistrationContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }
}
