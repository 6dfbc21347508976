package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;

class TracesInMemoryTest extends TracesContract {
    @Override
    protected BucketStore newStore(Path dir, MutableClock clock) {
        return InMemoryBucketStore.create(clock);
    }
}
