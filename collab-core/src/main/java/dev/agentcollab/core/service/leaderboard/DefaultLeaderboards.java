package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.Leaderboards;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.result.ResultStore;
import dev.agentcollab.core.service.result.ResultsContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The leaderboard over the read model: every result record, the verification index and the registrations'
 * {@code hf_user}, ranked by {@link LeaderboardRanker} under the deployment's {@link RankingPolicy}. Reflects every
 * write through the service at once. Boards are recomputed only when results, registrations or verdicts changed
 * ({@link LeaderboardCache}, shared through the results context); {@code generated_at} is always the time of the
 * call. Thread safe.
 */
public final class DefaultLeaderboards implements Leaderboards {
    private final ResultsContext results;
    private final ServiceContext ctx;

    /** The agents' users as read at one version of the agents listing. */
    private record HfUsers(long version, Map<String, String> users) {}

    /**
     * The last users read, kept with the read model: a {@code DefaultLeaderboards} is made per call, so a field of
     * its own would be read again on every leaderboard computed.
     */
    private static final class KnownUsers {
        volatile HfUsers last;
    }

    /**
     * Creates the feature.
     *
     * @param results the results context
     */
    public DefaultLeaderboards(ResultsContext results) {
        this.results = Objects.requireNonNull(results, "results");
        this.ctx = results.service();
    }

    @Override
    public Leaderboard leaderboard(LeaderboardQuery query) {
        Optional<String> verdicts = results.index().fingerprint();
        if (verdicts.isEmpty()) {
            return compute(query);
        }
        LeaderboardCache.Inputs inputs = new LeaderboardCache.Inputs(
                ctx.reads().version(ResultStore.FOLDER), ctx.reads().version(AgentDirectory.FOLDER), verdicts.get());
        Leaderboard board = results.leaderboards().get(inputs, query, () -> compute(query));
        return new Leaderboard(
                board.scoreField(),
                board.order(),
                board.guardField(),
                board.rows(),
                new Leaderboard.Meta(
                        Stamps.iso(ctx.now()),
                        board.meta().resultsConsidered(),
                        board.meta().excluded()));
    }

    private Leaderboard compute(LeaderboardQuery query) {
        Optional<String> agent = query.agent().map(Names::agentId);
        RankingPolicy policy = results.config().rankingPolicy();
        Set<String> states = query.verification().map(Verification::parseFilter).orElse(policy.defaultVerification());
        Map<String, String> hfUsers = hfUsers();
        RankedResults.States verdicts = results.verdicts();
        String now = Stamps.iso(ctx.now());
        Leaderboard board = results.ranked()
                .rank(
                        verdicts,
                        a -> Optional.ofNullable(hfUsers.get(a)),
                        states,
                        query.bestPerAgent(),
                        agent,
                        query.limit().orElse(0),
                        now)
                .orElseGet(() -> LeaderboardRanker.rank( // results/ has subfolders: rank the documents as listed
                        ResultStore.rankInputs(ctx.reads()),
                        verdicts.index(),
                        a -> Optional.ofNullable(hfUsers.get(a)),
                        policy,
                        states,
                        query.bestPerAgent(),
                        agent,
                        query.limit().orElse(0),
                        now));
        // the verifier's reason (numbers, tolerance) for each decided row, so the board can say why
        return new Leaderboard(
                board.scoreField(),
                board.order(),
                board.guardField(),
                board.rows().stream()
                        .map(r -> Verification.PENDING.equals(r.verification())
                                ? r
                                : r.withVerificationReason(
                                        results.index().ledgerReason(r.filename(), r.verification())))
                        .toList(),
                board.meta());
    }

    /** Each registered agent's {@code hf_user}, read again only when the agents listing changed. */
    private Map<String, String> hfUsers() {
        KnownUsers cache = ctx.reads().extension(KnownUsers.class, r -> new KnownUsers());
        long version = ctx.reads().version(AgentDirectory.FOLDER);
        HfUsers known = cache.last;
        if (known != null && known.version() == version) {
            return known.users();
        }
        Map<String, String> users = new HashMap<>();
        for (StoredDoc d : ctx.reads().documents(AgentDirectory.FOLDER)) {
            String user = d.doc().text("hf_user");
            if (!user.isEmpty()) {
                users.put(d.filename().substring(0, d.filename().length() - 3), user);
            }
        }
        cache.last = new HfUsers(version, users);
        return users;
    }
}
