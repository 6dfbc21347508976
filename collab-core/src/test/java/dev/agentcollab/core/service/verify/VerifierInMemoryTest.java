package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;

class VerifierInMemoryTest extends VerifierContract {
    @Override
    BucketStore newStore(Path dir, MutableClock clock) {
        return InMemoryBucketStore.create(clock);
    }
}
