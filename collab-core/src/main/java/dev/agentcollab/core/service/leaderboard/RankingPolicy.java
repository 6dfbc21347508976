package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.api.result.Verification;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How results are ranked: the score field and its direction, an optional guardrail column (e.g.
 * {@code perplexity}, lower is better) with an optional cap, and strict mode.
 *
 * @param scoreField the frontmatter field ranked on ({@code SCORE_FIELD})
 * @param order which direction is better ({@code SCORE_ORDER})
 * @param guardField a secondary metric shown in every row that reports it, or empty
 * @param guardCap rows whose guard value exceeds this, or that report no finite numeric guard value, are excluded
 *     ({@code guard_exceeded}); empty for no cap
 * @param strict when true the default verification filter is {@code valid} only, otherwise {@code valid,pending}
 */
public record RankingPolicy(
        String scoreField, ScoreOrder order, Optional<String> guardField, Optional<Double> guardCap, boolean strict) {
    /** Validates the policy. */
    public RankingPolicy {
        Objects.requireNonNull(scoreField, "scoreField");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(guardField, "guardField");
        Objects.requireNonNull(guardCap, "guardCap");
        if (scoreField.isBlank()) {
            throw new IllegalArgumentException("scoreField must not be blank");
        }
        if (guardCap.isPresent() && guardField.isEmpty()) {
            throw new IllegalArgumentException("guardCap needs a guardField");
        }
    }

    /**
     * The reference policy: {@code score}, higher is better, no guardrail, not strict.
     *
     * @return the policy
     */
    public static RankingPolicy ofDefaults() {
        return new RankingPolicy("score", ScoreOrder.DESC, Optional.empty(), Optional.empty(), false);
    }

    /**
     * Whether a row with this guard value stays off the board because of the cap: with a cap, a row ranks only when
     * it shows a finite guard value at or below it (a row that reports none, or {@code .nan}, cannot show that).
     *
     * @param guard the row's guard value, empty when its frontmatter has no number there
     * @return true when a cap is set and the value is missing, not finite, or above the cap
     */
    public boolean outsideCap(Optional<Double> guard) {
        return guardCap.isPresent()
                && !(guard.isPresent() && Double.isFinite(guard.get()) && guard.get() <= guardCap.get());
    }

    /**
     * The verification states shown when a query names none.
     *
     * @return {@code {valid}} in strict mode, else {@code {valid, pending}}
     */
    public Set<String> defaultVerification() {
        return strict ? Set.of(Verification.VALID) : Set.of(Verification.VALID, Verification.PENDING);
    }
}
