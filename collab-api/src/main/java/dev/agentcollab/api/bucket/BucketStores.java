package dev.agentcollab.api.bucket;

import dev.agentcollab.api.bucket.spi.BucketStoreProvider;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens bucket stores by URI scheme, using the {@link BucketStoreProvider}s found on the class path.
 *
 * <p>Examples: {@code mem:} or {@code mem://shared-name} (in memory; needs collab-testkit),
 * {@code file:///var/lib/collab} (a local folder; collab-core), {@code hf://buckets} (the Hugging Face Hub;
 * collab-core, settings {@code endpoint} and {@code token}). When two providers claim one scheme, opening fails
 * and names both classes; the system property {@code agentcollab.bucket.provider.<scheme>} set to a provider's
 * class name picks one. Thread safe.
 */
public final class BucketStores {
    /** Prefix of the system properties that pick a provider when several claim a scheme. */
    public static final String PROVIDER_PROPERTY_PREFIX = "agentcollab.bucket.provider.";

    private BucketStores() {}

    /**
     * Opens a store with no extra settings.
     *
     * @param uri the store URI
     * @return the open store
     * @throws CollabException {@code UNSUPPORTED_SCHEME} when no provider, or more than one, serves the scheme
     */
    public static BucketStore open(URI uri) {
        return open(uri, Map.of());
    }

    /**
     * Opens a store from text, accepting a bare scheme such as {@code mem:} (which {@link URI} rejects) as
     * {@code mem:/}.
     *
     * @param uri the store URI as text
     * @param config provider settings
     * @return the open store
     * @throws CollabException {@code INVALID_PATH} when the text is not a URI; {@code UNSUPPORTED_SCHEME} as
     *     {@link #open(URI, Map)}
     */
    public static BucketStore open(String uri, Map<String, String> config) {
        Objects.requireNonNull(uri, "uri");
        String text = uri.endsWith(":") && uri.indexOf(':') == uri.length() - 1 ? uri + "/" : uri;
        try {
            return open(new URI(text), config);
        } catch (URISyntaxException e) {
            throw CollabException.invalidPath("invalid store URI: '" + uri + "': " + e.getReason());
        }
    }

    /**
     * Opens a store from text with no extra settings; see {@link #open(String, Map)}.
     *
     * @param uri the store URI as text, e.g. {@code mem:} or {@code file:///var/lib/collab}
     * @return the open store
     */
    public static BucketStore open(String uri) {
        return open(uri, Map.of());
    }

    /**
     * Opens a store.
     *
     * @param uri the store URI
     * @param config provider settings
     * @return the open store
     * @throws CollabException {@code UNSUPPORTED_SCHEME} when no provider, or more than one, serves the scheme
     */
    public static BucketStore open(URI uri, Map<String, String> config) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        if (uri.getScheme() == null) {
            throw CollabException.of(ErrorCode.INVALID_PATH, "store URI has no scheme: '" + uri + "'");
        }
        return provider(uri.getScheme()).open(uri, config);
    }

    /**
     * Finds the provider of a scheme.
     *
     * @param scheme the scheme, case-insensitive
     * @return the single provider
     * @throws CollabException {@code UNSUPPORTED_SCHEME} when none or several are found and no system property
     *     picks one
     */
    public static BucketStoreProvider provider(String scheme) {
        String wanted = scheme.toLowerCase(Locale.ROOT);
        List<BucketStoreProvider> found = new ArrayList<>();
        for (BucketStoreProvider p : ServiceLoader.load(BucketStoreProvider.class, classLoader())) {
            if (p.scheme().toLowerCase(Locale.ROOT).equals(wanted)) {
                found.add(p);
            }
        }
        String property = PROVIDER_PROPERTY_PREFIX + wanted;
        String pick = System.getProperty(property);
        if (pick != null) {
            return found.stream()
                    .filter(p -> p.getClass().getName().equals(pick))
                    .findFirst()
                    .orElseThrow(() -> CollabException.of(
                            ErrorCode.UNSUPPORTED_SCHEME,
                            "system property " + property + " names " + pick + ", which is not a provider of '" + wanted
                                    + "'; found: " + names(found)));
        }
        if (found.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.UNSUPPORTED_SCHEME,
                    "no bucket store provider for scheme '" + wanted + "'",
                    "add the module that serves it (collab-core for file: and hf:, collab-testkit for mem:)");
        }
        if (found.size() > 1) {
            throw CollabException.of(
                    ErrorCode.UNSUPPORTED_SCHEME,
                    "multiple bucket store providers claim scheme '" + wanted + "': " + names(found),
                    "set the system property " + property + " to the class name of the one to use");
        }
        return found.get(0);
    }

    private static List<String> names(List<BucketStoreProvider> providers) {
        return providers.stream().map(p -> p.getClass().getName()).toList();
    }

    private static ClassLoader classLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : BucketStores.class.getClassLoader();
    }
}
