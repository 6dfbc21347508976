package dev.agentcollab.testkit.contract;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;

/** Runs the bucket store contract against the in-memory backend. */
class InMemoryBucketStoreContractTest extends BucketStoreContract {
    @Override
    protected BucketStore newStore() {
        return InMemoryBucketStore.create();
    }
}
