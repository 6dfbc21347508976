package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.contract.BucketStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the bucket store contract against the file-system backend. */
class FileSystemBucketStoreContractTest extends BucketStoreContract {
    @TempDir
    Path root;

    @Override
    protected BucketStore newStore() {
        return FileSystemBucketStore.open(root);
    }
}
