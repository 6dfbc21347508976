package dev.agentcollab.api.trace;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;

/**
 * The trace library and token statistics. Implementations MUST be thread safe.
 */
public interface Traces {

    /**
     * Promotes a session bundle from the caller's scratch bucket ({@code POST /v1/traces}). The source must be the
     * bundle folder {@code traces/<session>} holding {@code manifest.md} (with {@code schema_version},
     * {@code harness}, {@code session_id} equal to the folder); {@code full} also copies the manifest's
     * {@code native_log_file}. Re-promoting overwrites (e.g. a stats to full upgrade).
     *
     * @param source {@code hf://buckets/<org>/<slug>-<agent>/traces/<session>}
     * @param share {@code stats} or {@code full}
     * @return what was promoted
     * @throws CollabException {@code INVALID_REQUEST} for another share value, {@code INVALID_PATH},
     *     {@code NOT_REGISTERED}, {@code RATE_LIMITED}, {@code INVALID_FRONTMATTER}, {@code SYNC_TOO_LARGE}
     */
    TraceReceipt share(String source, String share);

    /**
     * Lists traces: filters {@code agent}, {@code q}, and {@code harness}/{@code model}/{@code share} through
     * {@link ListQuery#match()}; cursors and {@code next} are opaque keys {@code <promoted_at>|<agent>/<session>};
     * defaults: 10 items, newest first.
     *
     * @param query the query
     * @return the page
     * @throws CollabException {@code INVALID_PATH} for a malformed agent id
     */
    Page<TraceSummary> list(ListQuery query);

    /**
     * Reads one bundle.
     *
     * @param agent the agent
     * @param session the session
     * @return the bundle
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_FOUND} ({@code no such file: traces/<a>/<s>})
     */
    TraceRecord get(String agent, String session);

    /**
     * The project-wide token statistics.
     *
     * @return the statistics
     */
    TraceStats stats();
}
