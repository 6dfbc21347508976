package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.Stamps;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One result as {@link RankedResults} keeps it: its content hash, how it counts by {@link LeaderboardRanker}'s rules
 * (worked out once per content) and its current state in the verification index. Not thread safe: the ranked
 * results guard it.
 */
final class RankedEntry {
    /** How a result counts, from its content alone. */
    enum Kind {
        /** Unparsable, or not {@code status: agent-run} with a positive score: {@code excluded.malformed}. */
        MALFORMED,
        /** {@code status: negative}: {@code excluded.status_negative}. */
        NEGATIVE,
        /** Ranked, subject to its verification state and the guard cap. */
        SCORABLE
    }

    final String filename;
    final String hash;
    final RankInput input;
    final Kind kind;
    final double score;
    final String stamp;
    final String author;
    final Optional<Double> guard;
    final boolean overCap;
    /** Its {@code status} as the list grammar compares it ({@code Document.text}). */
    final String status;
    /** The state in the verification index, {@code pending} when it has no entry. */
    String state = Verification.PENDING;

    /**
     * Classifies a result.
     *
     * @param filename its filename
     * @param hash its content hash
     * @param input its ranker input
     * @param policy the ranking policy
     */
    RankedEntry(String filename, String hash, RankInput input, RankingPolicy policy) {
        this.filename = filename;
        this.hash = hash;
        this.input = input;
        Map<String, Object> fm = input.frontmatter();
        Object status = fm.get("status");
        this.status = FrontmatterCodec.render(status);
        OptionalDouble s = LeaderboardRanker.positiveNumber(fm.get(policy.scoreField()));
        if (input.malformed()) {
            kind = Kind.MALFORMED;
        } else if ("negative".equals(status)) {
            kind = Kind.NEGATIVE;
        } else if (!"agent-run".equals(status) || s.isEmpty()) {
            kind = Kind.MALFORMED;
        } else {
            kind = Kind.SCORABLE;
        }
        this.score = s.orElse(0);
        this.stamp = Stamps.stampOf(filename);
        String fromName = Names.agentFromFilename(filename);
        this.author = fromName.isEmpty() ? Objects.toString(fm.get("agent"), "") : fromName;
        OptionalDouble g = policy.guardField()
                .map(f -> LeaderboardRanker.number(fm.get(f)))
                .orElse(OptionalDouble.empty());
        this.guard = g.isPresent() ? Optional.of(g.getAsDouble()) : Optional.empty();
        this.overCap = guard.isPresent()
                && policy.guardCap().isPresent()
                && guard.get() > policy.guardCap().get();
    }
}
