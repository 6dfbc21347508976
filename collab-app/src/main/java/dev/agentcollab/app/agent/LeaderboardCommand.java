package dev.agentcollab.app.agent;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.app.Counted;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collab agent leaderboard}: the ranked results. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true, description = "Show the leaderboard.")
final class LeaderboardCommand extends AgentAction {
    @Option(names = "--all", description = "every result, not only each agent's best")
    boolean all;

    @Option(names = "--verification", paramLabel = "CSV", description = "states to show (default valid,pending)")
    String verification;

    @Option(names = "--of", paramLabel = "ID", description = "only this agent's rows")
    String of;

    @Option(names = "--limit", description = "at most this many rows")
    Integer limit;

    @Override
    protected void execute(AgentSession s, Output out) {
        LeaderboardQuery q = new LeaderboardQuery(
                !all, Optional.ofNullable(verification), Optional.ofNullable(of), Optional.ofNullable(limit));
        Leaderboard board = s.client().leaderboard().leaderboard(q);
        out.result(board, w -> {
            w.println(String.format(
                    Locale.ROOT,
                    "%-4s %-20s %12s %10s  %-12s %s",
                    "rank",
                    "agent",
                    board.scoreField(),
                    board.guardField().orElse("guard"),
                    "verification",
                    "result"));
            for (LeaderboardRow row : board.rows()) {
                w.println(String.format(
                        Locale.ROOT,
                        "%-4d %-20s %12s %10s  %-12s %s",
                        row.rank(),
                        row.agent(),
                        Texts.number(row.score()),
                        row.guard().map(Texts::number).orElse("-"),
                        row.verification(),
                        row.filename()));
            }
            w.println(Counted.of(board.rows().size(), "row") + " (" + board.order() + "; "
                    + Counted.of(board.meta().resultsConsidered(), "result") + " considered)");
        });
    }
}
