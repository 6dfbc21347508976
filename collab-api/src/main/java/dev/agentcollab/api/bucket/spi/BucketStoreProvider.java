package dev.agentcollab.api.bucket.spi;

import dev.agentcollab.api.bucket.BucketStore;
import java.net.URI;
import java.util.Map;

/**
 * Service-provider interface for bucket backends, discovered with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.agentcollab.api.bucket.spi.BucketStoreProvider}. Each provider serves one URI
 * scheme. Implementations MUST be thread safe and cheap to construct.
 */
public interface BucketStoreProvider {

    /**
     * The URI scheme this provider serves, lower case, e.g. {@code file}.
     *
     * @return the scheme
     */
    String scheme();

    /**
     * Opens a store.
     *
     * @param uri the store URI (its scheme equals {@link #scheme()})
     * @param config extra settings (such as {@code token} or {@code endpoint}); never {@code null}
     * @return an open store that the caller closes
     * @throws dev.agentcollab.api.error.CollabException {@code INVALID_PATH} when the URI is not usable
     */
    BucketStore open(URI uri, Map<String, String> config);
}
