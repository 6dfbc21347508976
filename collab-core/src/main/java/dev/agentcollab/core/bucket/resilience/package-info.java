/**
 * Decorators for bucket stores: {@link dev.agentcollab.core.bucket.resilience.ForwardingBucketStore} and
 * {@link dev.agentcollab.core.bucket.resilience.ResilientBucketStore} (retries and circuit breaking with
 * resilience4j). Backends themselves never retry.
 */
package dev.agentcollab.core.bucket.resilience;
