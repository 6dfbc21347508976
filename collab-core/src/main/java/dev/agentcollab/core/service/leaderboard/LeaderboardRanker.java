package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.Stamps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Ranks results (reference §6, {@code GET /v1/leaderboard}) as a pure function of the records, the verification
 * index and the registered users. Stateless and thread safe.
 *
 * <p>Eligibility: a malformed file counts as {@code malformed}; {@code status: negative} as
 * {@code status_negative}; any other status than {@code agent-run} (missing included) or a score that is not a
 * positive number (booleans and strings are not numbers) as {@code malformed}; a verification state (absent =
 * {@code pending}) outside the allowed set as {@code verification_<state>}; with a guard cap, a guard value above it
 * or none at all as {@code guard_exceeded} ({@link RankingPolicy#outsideCap}). Best per agent keeps each author's better score, the earlier stamp on equal scores. Rows
 * sort by score in the policy's direction, then earlier stamp, then author id; ranks are 1..n and survive the
 * agent filter; the limit applies last.
 */
public final class LeaderboardRanker {
    private LeaderboardRanker() {}

    /**
     * Computes the leaderboard.
     *
     * @param records every result record
     * @param index the verification index (filename to state)
     * @param hfUsers the user an author is registered to, or empty
     * @param policy score field, direction, guardrail
     * @param states the allowed verification states
     * @param bestPerAgent whether to keep only each author's best
     * @param agent keep only this author's rows, or empty
     * @param limit at most this many rows; {@code <= 0} for all
     * @param generatedAt the iso stamp of now
     * @return the leaderboard
     */
    public static Leaderboard rank(
            List<RankInput> records,
            Map<String, String> index,
            Function<String, Optional<String>> hfUsers,
            RankingPolicy policy,
            Set<String> states,
            boolean bestPerAgent,
            Optional<String> agent,
            int limit,
            String generatedAt) {
        Objects.requireNonNull(hfUsers, "hfUsers");
        Map<String, Integer> excluded = new LinkedHashMap<>();
        excluded.put("status_negative", 0);
        excluded.put("malformed", 0);
        List<Candidate> candidates = new ArrayList<>();
        for (RankInput r : records) {
            if (r.malformed()) {
                excluded.merge("malformed", 1, Integer::sum);
                continue;
            }
            Map<String, Object> fm = r.frontmatter();
            Object status = fm.get("status");
            if ("negative".equals(status)) {
                excluded.merge("status_negative", 1, Integer::sum);
                continue;
            }
            OptionalDouble score = positiveNumber(fm.get(policy.scoreField()));
            if (!"agent-run".equals(status) || score.isEmpty()) {
                excluded.merge("malformed", 1, Integer::sum);
                continue;
            }
            String state = index.getOrDefault(r.filename(), Verification.PENDING);
            if (!states.contains(state)) {
                excluded.merge("verification_" + state, 1, Integer::sum);
                continue;
            }
            Optional<Double> guard = policy.guardField().flatMap(g -> boxed(number(fm.get(g))));
            if (policy.outsideCap(guard)) {
                excluded.merge("guard_exceeded", 1, Integer::sum);
                continue;
            }
            String fromName = Names.agentFromFilename(r.filename());
            String author = fromName.isEmpty() ? Objects.toString(fm.get("agent"), "") : fromName;
            candidates.add(new Candidate(author, score.getAsDouble(), Stamps.stampOf(r.filename()), r, state, guard));
        }
        if (bestPerAgent) {
            Map<String, Candidate> best = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                Candidate cur = best.get(c.author);
                if (cur == null
                        || policy.order().better(c.score, cur.score)
                        || (c.score == cur.score && c.stamp.compareTo(cur.stamp) < 0)) {
                    best.put(c.author, c);
                }
            }
            candidates = new ArrayList<>(best.values());
        }
        Comparator<Candidate> byScore = Comparator.comparingDouble(c -> c.score);
        if (policy.order() == dev.agentcollab.api.leaderboard.ScoreOrder.DESC) {
            byScore = byScore.reversed();
        }
        candidates.sort(byScore.thenComparing(c -> c.stamp).thenComparing(c -> c.author));
        List<LeaderboardRow> rows = new ArrayList<>();
        int rank = 0;
        for (Candidate c : candidates) {
            rank++;
            if (agent.isPresent() && !agent.get().equals(c.author)) {
                continue;
            }
            rows.add(row(
                    rank,
                    c.author,
                    hfUsers,
                    c.score,
                    c.record.filename(),
                    RowTexts.of(c.record.frontmatter()),
                    c.state,
                    c.guard));
        }
        if (limit > 0 && rows.size() > limit) {
            rows = rows.subList(0, limit);
        }
        return new Leaderboard(
                policy.scoreField(),
                policy.order().wire(),
                policy.guardField(),
                rows,
                new Leaderboard.Meta(generatedAt, records.size(), excluded));
    }

    /**
     * A positive score: a finite integer or floating-point number above zero; booleans, numeric strings, NaN and
     * infinities (YAML {@code .inf}, or an integer too large for a double) are not scores. The one score rule of
     * promotion, ranking and verification.
     *
     * @param value a frontmatter value
     * @return the score, or empty
     */
    public static OptionalDouble positiveNumber(Object value) {
        OptionalDouble n = number(value);
        return n.isPresent() && n.getAsDouble() > 0 && Double.isFinite(n.getAsDouble()) ? n : OptionalDouble.empty();
    }

    /**
     * A number: any {@link Number} (never a boolean or a string).
     *
     * @param value a frontmatter value
     * @return its double value, or empty
     */
    public static OptionalDouble number(Object value) {
        return value instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    private static Optional<Double> boxed(OptionalDouble d) {
        return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
    }

    /**
     * A board's row: the ranked result's author, score, state and guard value, and the method, timestamp and
     * description of its frontmatter as text.
     */
    static LeaderboardRow row(
            int rank,
            String author,
            Function<String, Optional<String>> hfUsers,
            double score,
            String filename,
            RowTexts texts,
            String state,
            Optional<Double> guard) {
        return new LeaderboardRow(
                rank,
                author,
                hfUsers.apply(author),
                score,
                texts.method(),
                state,
                filename,
                texts.timestamp(),
                texts.description(),
                guard);
    }

    private record Candidate(
            String author, double score, String stamp, RankInput record, String state, Optional<Double> guard) {}
}
