package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a listing object {@code {"count","matched","items","next"}} back into a {@link Page}. Expanded items are
 * decoded as records; unexpanded ones (plain filenames) become filename-only records through the given factory,
 * since a {@link Page} holds one item type. Stateless.
 */
public final class WirePages {
    private WirePages() {}

    /**
     * Decodes a page.
     *
     * @param node the listing object
     * @param type the record type of expanded items
     * @param fromFilename builds an item from a bare filename
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> read(JsonNode node, Class<T> type, Function<String, T> fromFilename) {
        List<T> items = new ArrayList<>();
        try {
            for (JsonNode item : node.path("items")) {
                items.add(
                        item.isTextual()
                                ? fromFilename.apply(item.asText())
                                : Json.mapper().treeToValue(item, type));
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CollabException(
                    ErrorCode.UPSTREAM_ERROR, "malformed listing item: " + e.getMessage(), null, null, e);
        }
        JsonNode next = node.path("next");
        return new Page<>(
                node.path("count").asInt(items.size()),
                node.path("matched").asInt(items.size()),
                items,
                next.isTextual() ? Optional.of(next.asText()) : Optional.empty());
    }
}
