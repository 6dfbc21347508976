package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project token aggregate over trace manifests (reference §7.3 {@code GET /v1/stats}), kept as exact sums that a
 * manifest can be added to and taken out of, so a changed manifest costs O(1) and the answer is built from the sums,
 * not from every manifest. Token sums are exact and saturate at {@link Long#MAX_VALUE} only when answered (the
 * counts are never negative, so that is what summing with saturation in any order gives); the cost is the exact sum
 * of the manifests' {@code cost_usd} values, rounded to 6 decimals when answered. Not thread safe.
 */
final class TraceTotals {
    /**
     * What one manifest adds to the aggregate: its author, and, when it reports {@code usage.total_tokens}, its
     * token counts, model, day and cost.
     *
     * @param agent the manifest's agent (its folder)
     * @param tokens the token counts, empty when the manifest does not report them
     * @param model the model key ({@code unknown} when absent)
     * @param day the day key ({@code yyyy-MM-dd} of {@code started_at} or {@code promoted_at}, or {@code unknown})
     * @param cost {@code cost_usd} when it is a finite number, else {@code null}
     */
    record Contribution(String agent, Optional<TokenTotals> tokens, String model, String day, Double cost) {
        /** Checks for nulls. */
        Contribution {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(day, "day");
        }

        /**
         * The contribution of a manifest's frontmatter.
         *
         * @param agent the manifest's agent
         * @param fm its frontmatter
         * @return what it adds
         */
        static Contribution of(String agent, Map<String, Object> fm) {
            Object model = fm.get("model");
            return new Contribution(
                    agent,
                    TraceManifests.tokens(fm),
                    model == null || "".equals(model) ? "unknown" : String.valueOf(model),
                    dayOf(fm.get("started_at"), fm.get("promoted_at")),
                    fm.get("cost_usd") instanceof Number n && Double.isFinite(n.doubleValue())
                            ? n.doubleValue()
                            : null);
        }
    }

    /** The exact token sums of some counted manifests, and how many they are. */
    private static final class Sums {
        private final BigInteger[] fields = new BigInteger[6];
        private int manifests;

        Sums() {
            java.util.Arrays.fill(fields, BigInteger.ZERO);
        }

        void apply(TokenTotals t, int sign) {
            long[] v = {t.total(), t.input(), t.output(), t.cacheRead(), t.cacheCreation(), t.reasoning()};
            for (int i = 0; i < v.length; i++) {
                BigInteger b = BigInteger.valueOf(v[i]);
                fields[i] = sign > 0 ? fields[i].add(b) : fields[i].subtract(b);
            }
            manifests += sign;
        }

        TokenTotals saturated() {
            long[] v = new long[fields.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = fields[i].bitLength() < 64 ? fields[i].longValue() : Long.MAX_VALUE;
            }
            return new TokenTotals(v[0], v[1], v[2], v[3], v[4], v[5]);
        }
    }

    private final Sums totals = new Sums();
    private final Map<String, Sums> byModel = new HashMap<>();
    private final Map<String, Sums> byAgent = new HashMap<>();
    private final Map<String, Sums> byDay = new HashMap<>();
    private final Map<String, Integer> manifestsByAgent = new HashMap<>();
    private int counted;
    private int missing;
    private int costs;
    private BigDecimal cost = BigDecimal.ZERO;
    private TraceStats answer; // built on demand after each change

    /**
     * Adds a manifest.
     *
     * @param c its contribution
     */
    void add(Contribution c) {
        apply(c, 1);
    }

    /**
     * Takes out a manifest added before.
     *
     * @param c its contribution, as added
     */
    void remove(Contribution c) {
        apply(c, -1);
    }

    /**
     * The aggregate; O(models + agents + days) after a change, O(1) otherwise.
     *
     * @param generatedAt the answer's stamp
     * @return the aggregate
     */
    TraceStats stats(String generatedAt) {
        if (answer == null) {
            answer = new TraceStats(
                    totals.saturated(),
                    costs > 0 ? Optional.of(Math.round(cost.doubleValue() * 1e6) / 1e6) : Optional.empty(),
                    counted,
                    missing,
                    manifestsByAgent.size(),
                    sorted(byModel),
                    sorted(byAgent),
                    sorted(byDay),
                    generatedAt);
        }
        TraceStats a = answer;
        return a.generatedAt().equals(generatedAt)
                ? a
                : new TraceStats(
                        a.tokens(),
                        a.costUsd(),
                        a.sessionsCounted(),
                        a.sessionsMissingTokens(),
                        a.agentsReporting(),
                        a.byModel(),
                        a.byAgent(),
                        a.byDay(),
                        generatedAt);
    }

    private void apply(Contribution c, int sign) {
        answer = null;
        manifestsByAgent.merge(c.agent(), sign, (a, b) -> a + b == 0 ? null : a + b);
        if (c.tokens().isEmpty()) {
            missing += sign;
            return;
        }
        counted += sign;
        TokenTotals t = c.tokens().get();
        totals.apply(t, sign);
        bump(byModel, c.model(), t, sign);
        bump(byAgent, c.agent(), t, sign);
        bump(byDay, c.day(), t, sign);
        if (c.cost() != null) {
            costs += sign;
            BigDecimal d = new BigDecimal(c.cost());
            cost = sign > 0 ? cost.add(d) : cost.subtract(d);
        }
    }

    private static void bump(Map<String, Sums> map, String key, TokenTotals t, int sign) {
        Sums s = map.computeIfAbsent(key, k -> new Sums());
        s.apply(t, sign);
        if (s.manifests == 0) {
            map.remove(key);
        }
    }

    private static Map<String, TokenTotals> sorted(Map<String, Sums> map) {
        Map<String, TokenTotals> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.saturated()));
        return out;
    }

    private static String dayOf(Object... candidates) {
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
