package dev.agentcollab.core.service.result;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;

class ResultsFileSystemTest extends ResultsContract {
    @Override
    protected BucketStore newStore(Path dir, MutableClock clock) {
        return FileSystemBucketStore.open(dir.resolve("store"), clock);
    }
}
