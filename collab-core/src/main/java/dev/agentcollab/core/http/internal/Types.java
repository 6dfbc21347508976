package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.agentcollab.core.json.Json;

/** Shorthands for Jackson {@link JavaType}s from the shared mapper. Stateless. */
public final class Types {
    private Types() {}

    /**
     * A plain type.
     *
     * @param type the class
     * @return the Jackson type
     */
    public static JavaType of(Class<?> type) {
        return Json.mapper().getTypeFactory().constructType(type);
    }

    /**
     * A list type.
     *
     * @param element the element class
     * @return the Jackson type
     */
    public static JavaType listOf(Class<?> element) {
        return Json.mapper().getTypeFactory().constructCollectionType(java.util.List.class, element);
    }
}
