package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Channels and threads on the memory backend. */
class ChannelsThreadsInMemoryTest extends ChannelsThreadsContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }
}
