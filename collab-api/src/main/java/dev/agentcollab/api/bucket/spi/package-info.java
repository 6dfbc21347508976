/** Service-provider interface for bucket backends: implement {@link dev.agentcollab.api.bucket.spi.BucketStoreProvider}. */
package dev.agentcollab.api.bucket.spi;
