package dev.agentcollab.core.service.agent;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.time.MutableClock;

/** Registration on the file-system backend. */
class RegistrationFileSystemTest extends RegistrationContract {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return files(clock);
    }
}
