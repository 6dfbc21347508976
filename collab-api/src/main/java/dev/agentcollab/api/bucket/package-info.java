/**
 * Buckets: the storage abstraction of the SDK. {@link dev.agentcollab.api.bucket.BucketStore} is the contract,
 * {@link dev.agentcollab.api.bucket.BucketStores} resolves a store from a URI, and the records here are its
 * validated value types. All types are immutable; all arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.bucket;
