package dev.agentcollab.core.bucket.resilience;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.contract.BucketStoreContract;

/** The decorator must keep the contract of the store it wraps. */
class ResilientBucketStoreContractTest extends BucketStoreContract {
    @Override
    protected BucketStore newStore() {
        return ResilientBucketStore.wrap(InMemoryBucketStore.create());
    }
}
