package dev.agentcollab.testkit.bucket;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.spi.BucketStoreProvider;
import dev.agentcollab.api.error.CollabException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the {@code mem} scheme. {@code mem://name} returns the store registered under {@code name} in this JVM
 * (created on first use, shared by everyone who opens the same name, never dropped); any URI without an
 * authority ({@code mem:/}, {@code mem:fresh}, or {@code mem:} through {@link
 * dev.agentcollab.api.bucket.BucketStores#open(String)}) returns a fresh, private store. Settings are ignored.
 * Thread safe.
 */
public final class InMemoryBucketStoreProvider implements BucketStoreProvider {
    private static final Map<String, InMemoryBucketStore> SHARED = new ConcurrentHashMap<>();

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public InMemoryBucketStoreProvider() {}

    @Override
    public String scheme() {
        return "mem";
    }

    @Override
    public BucketStore open(URI uri, Map<String, String> config) {
        Objects.requireNonNull(uri, "uri");
        if (!"mem".equalsIgnoreCase(uri.getScheme())) {
            throw CollabException.invalidPath("not a mem: URI: '" + uri + "'");
        }
        String name = uri.getAuthority();
        if (name == null || name.isEmpty()) {
            return InMemoryBucketStore.create();
        }
        return shared(name);
    }

    /**
     * The store shared under a name in this JVM, as opened by {@code mem://name}.
     *
     * @param name the store name
     * @return the shared store, created on first use
     */
    public static InMemoryBucketStore shared(String name) {
        Objects.requireNonNull(name, "name");
        return SHARED.computeIfAbsent(name, n -> InMemoryBucketStore.create());
    }
}
