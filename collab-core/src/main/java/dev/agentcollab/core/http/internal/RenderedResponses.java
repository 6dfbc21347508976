package dev.agentcollab.core.http.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serialised answers of one route, kept per request key (e.g. an inbox owner and query) together with the object
 * they were rendered from. When the service hands back the very same object again (it returns the same immutable
 * page while nothing it reads changed), the kept bytes and {@code ETag} are served without serialising or hashing;
 * any other object, equal or not, is rendered anew and replaces the entry. Correctness thus rests only on the
 * rendered object being immutable. Bounded by the bytes it holds. Thread safe.
 *
 * @param <K> the request key
 */
public final class RenderedResponses<K> {
    private final Cache<K, Rendered> cache;

    private record Rendered(Object source, JsonResponse response) {}

    /**
     * Creates a cache.
     *
     * @param maxBytes the most serialised bytes kept (each entry is also counted with a fixed overhead)
     */
    public RenderedResponses(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, but was " + maxBytes);
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((K k, Rendered r) -> 256 + r.response().bytes().length)
                .build();
    }

    /**
     * The answer for a key rendered from a source object.
     *
     * @param key the request key
     * @param source the immutable object the answer is rendered from (compared by identity)
     * @param wire renders the source into the value to serialise, called only on a miss
     * @return the answer
     */
    public JsonResponse render(K key, Object source, Supplier<Object> wire) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Rendered hit = cache.getIfPresent(key);
        if (hit != null && hit.source() == source) {
            return hit.response();
        }
        JsonResponse fresh = JsonResponse.of(wire.get());
        cache.put(key, new Rendered(source, fresh));
        return fresh;
    }
}
