package dev.agentcollab.core.service.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TraceTotalsTest {
    private static final long HUGE = Long.MAX_VALUE / 3 + 12_345;

    /** The aggregate as a plain loop over the manifests would sum it: tokens with saturation, cost as a double. */
    private static TraceStats naive(List<TraceTotals.Contribution> all) {
        TokenTotals totals = TokenTotals.ZERO;
        Map<String, TokenTotals> byModel = new TreeMap<>();
        Map<String, TokenTotals> byAgent = new TreeMap<>();
        Map<String, TokenTotals> byDay = new TreeMap<>();
        Set<String> agents = new HashSet<>();
        int counted = 0;
        int missing = 0;
        double cost = 0;
        boolean costSeen = false;
        for (TraceTotals.Contribution c : all) {
            agents.add(c.agent());
            if (c.tokens().isEmpty()) {
                missing++;
                continue;
            }
            counted++;
            totals = totals.plus(c.tokens().get());
            byModel.merge(c.model(), c.tokens().get(), TokenTotals::plus);
            byAgent.merge(c.agent(), c.tokens().get(), TokenTotals::plus);
            byDay.merge(c.day(), c.tokens().get(), TokenTotals::plus);
            if (c.cost() != null) {
                cost += c.cost();
                costSeen = true;
            }
        }
        return new TraceStats(
                totals,
                costSeen ? Optional.of(Math.round(cost * 1e6) / 1e6) : Optional.empty(),
                counted,
                missing,
                agents.size(),
                byModel,
                byAgent,
                byDay,
                "t");
    }

    private static TraceTotals.Contribution random(Random r) {
        Optional<TokenTotals> tokens = r.nextInt(5) == 0
                ? Optional.empty()
                : Optional.of(new TokenTotals(
                        r.nextInt(8) == 0 ? HUGE : r.nextInt(100_000), r.nextInt(1000), r.nextInt(1000), 0, 7, 0));
        Double cost = r.nextInt(3) == 0 ? null : r.nextInt(100_000) / 1000.0; // dollars to a tenth of a cent
        return new TraceTotals.Contribution(
                "agent-" + r.nextInt(6),
                tokens,
                r.nextBoolean() ? "opus" : "unknown",
                "2026-06-0" + r.nextInt(4),
                cost);
    }

    @Test
    void addingAndTakingOutManifestsAnswersWhatSummingTheRestAnswers() {
        Random r = new Random(7);
        for (int history = 0; history < 100; history++) {
            TraceTotals totals = new TraceTotals();
            List<TraceTotals.Contribution> kept = new ArrayList<>();
            for (int step = 0; step < 80; step++) {
                if (!kept.isEmpty() && r.nextInt(3) == 0) {
                    totals.remove(kept.remove(r.nextInt(kept.size())));
                } else {
                    TraceTotals.Contribution c = random(r);
                    kept.add(c);
                    totals.add(c);
                }
                assertEquals(naive(kept), totals.stats("t"), "history " + history + " step " + step);
            }
        }
    }

    @Test
    void saturatedSumsComeBackWhenTheLargeManifestGoes() {
        TraceTotals totals = new TraceTotals();
        TraceTotals.Contribution huge = new TraceTotals.Contribution(
                "a", Optional.of(new TokenTotals(Long.MAX_VALUE, 0, 0, 0, 0, 0)), "m", "d", null);
        TraceTotals.Contribution small =
                new TraceTotals.Contribution("a", Optional.of(new TokenTotals(5, 0, 0, 0, 0, 0)), "m", "d", 0.1);
        totals.add(huge);
        totals.add(small);
        assertEquals(Long.MAX_VALUE, totals.stats("t").tokens().total());
        totals.remove(huge);
        assertEquals(5, totals.stats("t").tokens().total());
        assertEquals(Optional.of(0.1), totals.stats("t").costUsd());
        totals.remove(small);
        assertEquals(naive(List.of()), totals.stats("t"));
    }

    @Test
    void handEditedUsageThatSharingWouldRejectIsNotCounted() {
        var bad = TraceTotals.Contribution.of(
                "a", Map.of("usage", Map.of("total_tokens", 10, "input_tokens", -3), "cost_usd", Double.NaN));
        assertEquals(Optional.empty(), bad.tokens());
        assertEquals(null, bad.cost());
        TraceTotals totals = new TraceTotals();
        totals.add(bad);
        assertEquals(1, totals.stats("t").sessionsMissingTokens());
    }
}
