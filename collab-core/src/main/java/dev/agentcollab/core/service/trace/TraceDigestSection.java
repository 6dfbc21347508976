package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.core.service.DigestSection;
import dev.agentcollab.core.service.result.ResultsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The digest's {@code stats} part: {@code null} until any trace exists, else {@code total_tokens},
 * {@code sessions_counted} and {@code agents_reporting}. Thread safe.
 */
public final class TraceDigestSection implements DigestSection {
    private final DefaultTraces traces;

    /**
     * Creates the section.
     *
     * @param results the results context
     */
    public TraceDigestSection(ResultsContext results) {
        this.traces = new DefaultTraces(results, CallContext.anonymous());
    }

    @Override
    public String key() {
        return "stats";
    }

    @Override
    public Object compute(DigestQuery query, Optional<String> sinceStamp) {
        TraceStats stats = traces.stats();
        if (stats.sessionsCounted() + stats.sessionsMissingTokens() == 0) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_tokens", stats.tokens().total());
        out.put("sessions_counted", stats.sessionsCounted());
        out.put("agents_reporting", stats.agentsReporting());
        return out;
    }
}
