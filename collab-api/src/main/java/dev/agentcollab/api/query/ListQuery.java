package dev.agentcollab.api.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A query in the shared list grammar (reference §3). Every field is optional; a listing applies the filters it
 * supports and ignores the rest, exactly like unknown query parameters on the wire.
 *
 * <ul>
 *   <li>{@code since}, {@code until}: inclusive bounds on the filename stamp; compact {@code YYYYMMDD[-HHmmss[-mmm]]}
 *       or ISO-8601. An unparsable value fails with {@code INVALID_QUERY} when the query is run.
 *   <li>{@code agent}: the author derived from the filename (validated as an agent id).
 *   <li>{@code type}, {@code via}, {@code status}: equality with the frontmatter value ({@code ""} when absent).
 *   <li>{@code verification}: comma-separated subset of {@code pending,valid,invalid} (results only).
 *   <li>{@code match}: further equality filters on frontmatter keys, e.g. {@code hf_user}, {@code agent_model}.
 *   <li>{@code q}: case-insensitive substring of the body or of any {@code key: value} frontmatter rendering.
 *   <li>{@code expand}: whether the caller wants full records; with it the page is capped at the configured
 *       maximum (200 by default).
 *   <li>{@code limit}: page size; empty means the listing's default, {@code <= 0} means no limit.
 *   <li>{@code order}: empty means the listing's default.
 *   <li>{@code after}, {@code before}: exclusive filename cursors.
 * </ul>
 *
 * @param since inclusive lower stamp bound
 * @param until inclusive upper stamp bound
 * @param agent author filter
 * @param type frontmatter {@code type} filter
 * @param via frontmatter {@code via} filter
 * @param status frontmatter {@code status} filter
 * @param verification verification-state filter (CSV)
 * @param q free-text filter
 * @param expand whether full records are wanted
 * @param limit page size
 * @param order sort order
 * @param after exclusive lower filename cursor
 * @param before exclusive upper filename cursor
 * @param match extra frontmatter equality filters, in insertion order
 */
public record ListQuery(
        Optional<String> since,
        Optional<String> until,
        Optional<String> agent,
        Optional<String> type,
        Optional<String> via,
        Optional<String> status,
        Optional<String> verification,
        Optional<String> q,
        boolean expand,
        Optional<Integer> limit,
        Optional<SortOrder> order,
        Optional<String> after,
        Optional<String> before,
        Map<String, String> match) {

    /** Checks for nulls and copies the match map. */
    public ListQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        match = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(match, "match")));
    }

    /**
     * The query with no filters, the listing's default limit and order.
     *
     * @return the default query
     */
    public static ListQuery defaults() {
        return builder().build();
    }

    /**
     * Starts a query.
     *
     * @return a builder with nothing set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this query's values.
     *
     * @return a builder to tweak a copy
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.since = since;
        b.until = until;
        b.agent = agent;
        b.type = type;
        b.via = via;
        b.status = status;
        b.verification = verification;
        b.q = q;
        b.expand = expand;
        b.limit = limit;
        b.order = order;
        b.after = after;
        b.before = before;
        b.match.putAll(match);
        return b;
    }

    /** Builds a {@link ListQuery}; not thread safe. */
    public static final class Builder {
        private Optional<String> since = Optional.empty();
        private Optional<String> until = Optional.empty();
        private Optional<String> agent = Optional.empty();
        private Optional<String> type = Optional.empty();
        private Optional<String> via = Optional.empty();
        private Optional<String> status = Optional.empty();
        private Optional<String> verification = Optional.empty();
        private Optional<String> q = Optional.empty();
        private boolean expand;
        private Optional<Integer> limit = Optional.empty();
        private Optional<SortOrder> order = Optional.empty();
        private Optional<String> after = Optional.empty();
        private Optional<String> before = Optional.empty();
        private final Map<String, String> match = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the inclusive lower stamp bound.
         *
         * @param value the bound, or {@code null} to clear
         * @return this builder
         */
        public Builder since(String value) {
            since = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the inclusive upper stamp bound.
         *
         * @param value the bound, or {@code null} to clear
         * @return this builder
         */
        public Builder until(String value) {
            until = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the author filter.
         *
         * @param value an agent id, or {@code null} to clear
         * @return this builder
         */
        public Builder agent(String value) {
            agent = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the {@code type} filter.
         *
         * @param value the type, or {@code null} to clear
         * @return this builder
         */
        public Builder type(String value) {
            type = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the {@code via} filter.
         *
         * @param value {@code bucket}, {@code raw}, {@code dashboard} or {@code server}; {@code null} clears
         * @return this builder
         */
        public Builder via(String value) {
            via = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the {@code status} filter.
         *
         * @param value the status, or {@code null} to clear
         * @return this builder
         */
        public Builder status(String value) {
            status = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the verification filter.
         *
         * @param value CSV of {@code pending,valid,invalid}, or {@code null} to clear
         * @return this builder
         */
        public Builder verification(String value) {
            verification = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the free-text filter.
         *
         * @param value the text, or {@code null} to clear
         * @return this builder
         */
        public Builder q(String value) {
            q = Optional.ofNullable(value);
            return this;
        }

        /**
         * Asks for full records (and the expand page cap).
         *
         * @param value whether to expand
         * @return this builder
         */
        public Builder expand(boolean value) {
            expand = value;
            return this;
        }

        /**
         * Sets the page size.
         *
         * @param value the size ({@code <= 0} for no limit), or {@code null} for the listing's default
         * @return this builder
         */
        public Builder limit(Integer value) {
            limit = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the order.
         *
         * @param value the order, or {@code null} for the listing's default
         * @return this builder
         */
        public Builder order(SortOrder value) {
            order = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the exclusive lower filename cursor.
         *
         * @param value a filename, or {@code null} to clear
         * @return this builder
         */
        public Builder after(String value) {
            after = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the exclusive upper filename cursor.
         *
         * @param value a filename, or {@code null} to clear
         * @return this builder
         */
        public Builder before(String value) {
            before = Optional.ofNullable(value);
            return this;
        }

        /**
         * Adds a frontmatter equality filter.
         *
         * @param key the frontmatter key
         * @param value the wanted value as text
         * @return this builder
         */
        public Builder match(String key, String value) {
            match.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the immutable query
         */
        public ListQuery build() {
            return new ListQuery(
                    since,
                    until,
                    agent,
                    type,
                    via,
                    status,
                    verification,
                    q,
                    expand,
                    limit,
                    order,
                    after,
                    before,
                    match);
        }
    }
}
