package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Channels and threads on the files backend. */
class ChannelsThreadsFileSystemTest extends ChannelsThreadsContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }
}
