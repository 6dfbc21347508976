package dev.agentcollab.api.bucket;

import dev.agentcollab.api.bucket.spi.BucketStoreProvider;
import java.net.URI;
import java.util.Map;

/** Two test providers that both claim the scheme {@code dup}, registered in this module's test resources. */
final class DuplicateSchemeProviders {
    private DuplicateSchemeProviders() {}

    /** The first claimant. */
    public static final class First implements BucketStoreProvider {
        /** Called by the service loader. */
        public First() {}

        @Override
        public String scheme() {
            return "dup";
        }

        @Override
        public BucketStore open(URI uri, Map<String, String> config) {
            throw new UnsupportedOperationException("first");
        }
    }

    /** The second claimant. */
    public static final class Second implements BucketStoreProvider {
        /** Called by the service loader. */
        public Second() {}

        @Override
        public String scheme() {
            return "dup";
        }

        @Override
        public BucketStore open(URI uri, Map<String, String> config) {
            throw new UnsupportedOperationException("second");
        }
    }
}
