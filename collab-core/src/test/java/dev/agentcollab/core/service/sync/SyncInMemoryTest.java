package dev.agentcollab.core.service.sync;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;

class SyncInMemoryTest extends SyncContract {
    @Override
    BucketStore newStore(Path dir, MutableClock clock) {
        return InMemoryBucketStore.create(clock);
    }
}
