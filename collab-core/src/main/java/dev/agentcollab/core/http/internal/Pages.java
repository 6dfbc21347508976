package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.json.Json;
import java.util.function.Function;

/**
 * Renders a {@link Page} as the reference's listing object {@code {"count","matched","items","next"}}: items are
 * full records when the query asked for {@code expand=true}, otherwise their filenames. Stateless.
 */
public final class Pages {
    private Pages() {}

    /**
     * Renders a page.
     *
     * @param page the page
     * @param expand whether items are full records
     * @param key the filename (or cursor key) of an item
     * @param <T> the item type
     * @return the JSON object
     */
    public static <T> ObjectNode toWire(Page<T> page, boolean expand, Function<T, String> key) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("count", page.count());
        root.put("matched", page.matched());
        ArrayNode items = root.putArray("items");
        for (T item : page.items()) {
            if (expand) {
                items.add(Json.mapper().valueToTree(item));
            } else {
                items.add(key.apply(item));
            }
        }
        if (page.next().isPresent()) {
            root.put("next", page.next().get());
        } else {
            root.putNull("next");
        }
        return root;
    }
}
