/**
 * The Hugging Face Hub bucket backend ({@code hf:}): {@link dev.agentcollab.core.bucket.hf.HfHubClient} speaks
 * the Hub's HTTP API (identity, buckets, tree, batch, download) and
 * {@link dev.agentcollab.core.bucket.hf.HfBucketStore} implements the bucket store contract over it. Arguments
 * and results are non-null unless documented.
 */
package dev.agentcollab.core.bucket.hf;
