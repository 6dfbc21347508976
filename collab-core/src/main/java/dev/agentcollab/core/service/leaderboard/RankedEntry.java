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
 * (worked out once per content), what its row shows, and its current state in the verification index. It keeps no
 * frontmatter: what it holds is what {@link RankedResultsSnapshot} saves, plus what follows from the filename and
 * the policy. Not thread safe: the ranked results guard it.
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
    final Kind kind;
    /** The positive score of a scorable result, else 0. */
    final double score;

    final String stamp;
    final String author;
    final Optional<Double> guard;
    /** Whether a scorable result stays off the board for the guard cap ({@link RankingPolicy#outsideCap}). */
    final boolean overCap;
    /**
     * Its {@code status} as the list grammar compares it: Python's {@code str()} of the value, {@code ""} when the
     * key is absent ({@code Document.str}).
     */
    final String status;
    /** The method, timestamp and description its row shows. */
    final RowTexts texts;
    /** The state in the verification index, {@code pending} when it has no entry. */
    String state = Verification.PENDING;

    /**
     * A result as classified before (a snapshot's entry): the stamp comes from the filename, the guard cap from
     * the policy.
     *
     * @param filename its filename
     * @param hash its content hash
     * @param kind how it counts
     * @param score its score (0 unless scorable)
     * @param author its author
     * @param guard its guard value
     * @param status its {@code status} rendering
     * @param texts what its row shows
     * @param policy the ranking policy
     */
    RankedEntry(
            String filename,
            String hash,
            Kind kind,
            double score,
            String author,
            Optional<Double> guard,
            String status,
            RowTexts texts,
            RankingPolicy policy) {
        this.filename = Objects.requireNonNull(filename, "filename");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.score = score;
        this.stamp = Stamps.stampOf(filename);
        this.author = Objects.requireNonNull(author, "author");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.status = Objects.requireNonNull(status, "status");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.overCap = kind == Kind.SCORABLE && policy.outsideCap(guard);
    }

    /**
     * Classifies a result.
     *
     * @param filename its filename
     * @param hash its content hash
     * @param input its ranker input
     * @param policy the ranking policy
     * @return the entry, in state {@code pending}
     */
    static RankedEntry classify(String filename, String hash, RankInput input, RankingPolicy policy) {
        Map<String, Object> fm = input.frontmatter();
        Object status = fm.get("status");
        OptionalDouble s = LeaderboardRanker.positiveNumber(fm.get(policy.scoreField()));
        Kind kind;
        if (input.malformed()) {
            kind = Kind.MALFORMED;
        } else if ("negative".equals(status)) {
            kind = Kind.NEGATIVE;
        } else if (!"agent-run".equals(status) || s.isEmpty()) {
            kind = Kind.MALFORMED;
        } else {
            kind = Kind.SCORABLE;
        }
        String fromName = Names.agentFromFilename(filename);
        String author = fromName.isEmpty() ? Objects.toString(fm.get("agent"), "") : fromName;
        OptionalDouble g = policy.guardField()
                .map(f -> LeaderboardRanker.number(fm.get(f)))
                .orElse(OptionalDouble.empty());
        return new RankedEntry(
                filename,
                hash,
                kind,
                s.orElse(0),
                author,
                g.isPresent() ? Optional.of(g.getAsDouble()) : Optional.empty(),
                fm.containsKey("status") ? FrontmatterCodec.pythonStr(status) : "",
                RowTexts.of(fm),
                policy);
    }
}
