package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;

class TracesFileSystemTest extends TracesContract {
    @Override
    protected BucketStore newStore(Path dir, MutableClock clock) {
        return FileSystemBucketStore.open(dir.resolve("store"), clock);
    }
}
