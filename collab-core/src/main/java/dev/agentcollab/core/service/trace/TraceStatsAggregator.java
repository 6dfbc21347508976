package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.core.service.internal.Document;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The project token aggregate over trace manifests (reference §7.3 {@code GET /v1/stats}). Stateless. */
final class TraceStatsAggregator {
    private TraceStatsAggregator() {}

    static TraceStats aggregate(List<Map.Entry<String[], Document>> manifests, String generatedAt) {
        TokenTotals totals = TokenTotals.ZERO;
        Map<String, TokenTotals> byModel = new TreeMap<>();
        Map<String, TokenTotals> byAgent = new TreeMap<>();
        Map<String, TokenTotals> byDay = new TreeMap<>();
        Set<String> agents = new HashSet<>();
        int counted = 0;
        int missing = 0;
        double cost = 0;
        boolean costSeen = false;
        for (Map.Entry<String[], Document> m : manifests) {
            String agent = m.getKey()[0];
            agents.add(agent);
            Map<String, Object> fm = m.getValue().frontmatter();
            Optional<TokenTotals> tokens = TraceManifests.tokens(fm);
            if (tokens.isEmpty()) {
                missing++;
                continue;
            }
            counted++;
            TokenTotals t = tokens.get();
            totals = totals.plus(t);
            Object model = fm.get("model");
            String modelKey = model == null || "".equals(model) ? "unknown" : String.valueOf(model);
            byModel.merge(modelKey, t, TokenTotals::plus);
            byAgent.merge(agent, t, TokenTotals::plus);
            byDay.merge(day(fm.get("started_at"), fm.get("promoted_at")), t, TokenTotals::plus);
            if (fm.get("cost_usd") instanceof Number n) {
                cost += n.doubleValue();
                costSeen = true;
            }
        }
        Optional<Double> costUsd = costSeen ? Optional.of(Math.round(cost * 1e6) / 1e6) : Optional.empty();
        return new TraceStats(totals, costUsd, counted, missing, agents.size(), byModel, byAgent, byDay, generatedAt);
    }

    private static String day(Object... candidates) {
        for (Object c : candidates) {
            if (c == null || "".equals(c)) {
                continue;
            }
            String s = String.valueOf(c);
            if (s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
                return s.substring(0, 10);
            }
        }
        return "unknown";
    }
}
