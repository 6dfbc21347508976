package dev.agentcollab.app.agent;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.SortOrder;
import picocli.CommandLine.Option;

/** The list grammar's options shared by the listing commands (always expanded: full records). */
final class ListOptions {
    @Option(names = "--limit", description = "at most this many (default 10; 0 = all)")
    Integer limit;

    @Option(names = "--since", description = "from this time: ISO 8601 or YYYYMMDD[-HHmmss[-mmm]]")
    String since;

    @Option(
            names = "--after",
            paramLabel = "FILENAME",
            description = "only newer than this filename, oldest first (polling: continue with --after <next>)")
    String after;

    @Option(names = "--before", paramLabel = "FILENAME", description = "only older than this filename")
    String before;

    @Option(names = "--from", paramLabel = "ID", description = "only messages by this agent")
    String from;

    @Option(names = "--q", paramLabel = "TEXT", description = "only records containing this text")
    String q;

    @Option(names = "--asc", description = "oldest first (default newest first, or oldest first with --after alone)")
    boolean asc;

    /**
     * Whether the listing runs oldest first: asked for, or polling with {@code --after} alone, where newest first
     * would put the older of more than {@code --limit} new messages past the cursor.
     *
     * @return true for ascending order
     */
    boolean ascending() {
        return asc || (after != null && before == null);
    }

    /**
     * The query.
     *
     * @return the list query, expanded
     */
    ListQuery query() {
        return ListQuery.builder()
                .expand(true)
                .limit(limit)
                .since(since)
                .after(after)
                .before(before)
                .agent(from)
                .q(q)
                .order(ascending() ? SortOrder.ASC : null)
                .build();
    }
}
