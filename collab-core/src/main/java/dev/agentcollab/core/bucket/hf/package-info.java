/**
 * The Hugging Face Hub bucket backend ({@code hf:}): {@link dev.agentcollab.core.bucket.hf.HfBucketStore}
 * implements the bucket store contract over the {@code hf-hub-client} module's {@link dev.agentcollab.hf.HfHubClient},
 * and {@link dev.agentcollab.core.bucket.hf.HfErrors} translates that client's failures into collaboration error
 * codes. Arguments and results are non-null unless documented.
 */
package dev.agentcollab.core.bucket.hf;
