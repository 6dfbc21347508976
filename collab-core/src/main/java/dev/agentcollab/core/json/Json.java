package dev.agentcollab.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapper shared by the server, the client and the HTTP backends. It is configured once, before
 * first use, and is thread safe (Jackson mappers are safe to share once configured).
 *
 * <p>Settings: unknown fields are ignored (a newer peer may send more), {@link java.util.Optional} and
 * {@code java.time} types are supported, instants are written as ISO-8601 strings, and field names are taken
 * as declared (wire names that differ from Java names are set per type with {@code @JsonProperty}). Its read and
 * write buffers come from one pool shared by all threads: Jackson's default pool is per thread, and a virtual
 * thread, one per request, would allocate fresh buffers (tens of KiB) for every request.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /**
     * The shared mapper. Callers MUST NOT reconfigure it; use {@code mapper().copy()} for local changes.
     *
     * @return the mapper
     */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
