package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.SortOrder;
import java.util.List;

/**
 * Reads the shared list grammar (anchor §3) from query parameters. Values are passed through as text; the
 * service validates them ({@code since}/{@code until} → 400 {@code INVALID_QUERY}, {@code agent} → 400
 * {@code INVALID_PATH}), only integer and boolean coercion happens here (422). Stateless.
 */
public final class ListQueries {
    private ListQueries() {}

    /**
     * Parses the list grammar.
     *
     * @param q the query parameters
     * @param matchKeys extra equality filters this route supports (e.g. {@code hf_user}, {@code model})
     * @return the query
     */
    public static ListQuery parse(QueryParams q, List<String> matchKeys) {
        ListQuery.Builder b = ListQuery.builder()
                .since(q.string("since").orElse(null))
                .until(q.string("until").orElse(null))
                .agent(q.string("agent").orElse(null))
                .type(q.string("type").orElse(null))
                .via(q.string("via").orElse(null))
                .status(q.string("status").orElse(null))
                .verification(q.string("verification").orElse(null))
                .q(q.string("q").orElse(null))
                .expand(q.bool("expand", false))
                .after(q.string("after").orElse(null))
                .before(q.string("before").orElse(null));
        q.integer("limit").ifPresent(b::limit);
        q.string("order").map(SortOrder::parse).ifPresent(b::order);
        for (String key : matchKeys) {
            q.string(key).ifPresent(v -> b.match(key, v));
        }
        return b.build();
    }

    /**
     * Renders a query back to parameters (the client side of {@link #parse}).
     *
     * @param query the query
     * @return parameter name to value, in a stable order
     */
    public static java.util.Map<String, Object> toParams(ListQuery query) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        query.since().ifPresent(v -> m.put("since", v));
        query.until().ifPresent(v -> m.put("until", v));
        query.agent().ifPresent(v -> m.put("agent", v));
        query.type().ifPresent(v -> m.put("type", v));
        query.via().ifPresent(v -> m.put("via", v));
        query.status().ifPresent(v -> m.put("status", v));
        query.verification().ifPresent(v -> m.put("verification", v));
        query.q().ifPresent(v -> m.put("q", v));
        m.put("expand", query.expand());
        query.limit().ifPresent(v -> m.put("limit", v));
        query.order().ifPresent(v -> m.put("order", v.wire()));
        query.after().ifPresent(v -> m.put("after", v));
        query.before().ifPresent(v -> m.put("before", v));
        m.putAll(query.match());
        return m;
    }
}
