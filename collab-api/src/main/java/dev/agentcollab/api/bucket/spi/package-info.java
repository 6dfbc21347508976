/**
 * Service-provider interface for bucket backends: implement
 * {@link dev.agentcollab.api.bucket.spi.BucketStoreProvider}; {@link dev.agentcollab.api.bucket.spi.PageTokens}
 * and {@link dev.agentcollab.api.bucket.spi.ContentHashes} help implement the listing and hashing contract.
 */
package dev.agentcollab.api.bucket.spi;
