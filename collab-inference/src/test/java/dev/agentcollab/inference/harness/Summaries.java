package dev.agentcollab.inference.harness;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Summary fixtures. */
final class Summaries {
    private Summaries() {}

    static HarnessSummary of(String name, double tps, double ppl, boolean lossless) {
        return of(name, tps, ppl, lossless, Optional.of(0.61));
    }

    /** As {@link #of(String, double, double, boolean)}, with the accuracy given (empty: no eval set). */
    static HarnessSummary of(String name, double tps, double ppl, boolean lossless, Optional<Double> accuracy) {
        double cap = 2.415;
        return new HarnessSummary(
                HarnessSummary.COMPLETED,
                name,
                "mtp drafter",
                "scripted",
                "speculative k=4 greedy",
                tps,
                tps * 1.5,
                1024,
                512,
                2,
                512,
                1024 / tps,
                Optional.of(0.6),
                Optional.of(3.4),
                ppl,
                4000,
                2.3,
                cap,
                ppl <= cap,
                accuracy,
                Optional.of(0.62),
                0.02,
                100,
                Optional.of(true),
                !lossless,
                lossless,
                lossless ? List.of() : List.of("accuracy dropped"),
                Map.of("A", Map.of("A", 3L)),
                Instant.parse("2026-06-01T10:00:00Z"),
                Instant.parse("2026-06-01T10:05:00Z"));
    }
}
