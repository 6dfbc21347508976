/**
 * The in-memory {@code mem:} bucket backend, {@link dev.agentcollab.testkit.bucket.InMemoryBucketStore}, with
 * call counters and fault injection ({@link dev.agentcollab.testkit.bucket.Fault}). Arguments and results are
 * non-null unless documented.
 */
package dev.agentcollab.testkit.bucket;
