package dev.agentcollab.app.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.app.Counted;
import dev.agentcollab.core.json.Json;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collab agent digest}: catch up in one call (newest agents and taskforces, messages, your inbox). */
@Command(
        name = "digest",
        mixinStandardHelpOptions = true,
        description = "Catch up: newest agents and taskforces, recent messages, your inbox.")
final class DigestCommand extends AgentAction {
    @Option(names = "--since", description = "only messages since this time (ISO 8601 or YYYYMMDD[-HHmmss])")
    String since;

    @Option(names = "--everyone", description = "without your inbox (no agent id needed)")
    boolean everyone;

    @Override
    protected void execute(AgentSession s, Output out) {
        Optional<String> as = everyone ? Optional.empty() : Optional.of(s.agent());
        Digest d = s.client().digest().get(new DigestQuery(as, Optional.ofNullable(since)));
        out.result(d, w -> {
            w.println("agents: " + d.agents().count() + " (newest: "
                    + Texts.list(d.agents().newest()) + ")");
            w.println("taskforces: " + d.taskforces().count() + " (newest: "
                    + Texts.list(d.taskforces().newest()) + ")");
            d.inbox()
                    .ifPresent(i -> w.println("inbox: " + Counted.of(i.count(), "message")
                            + (i.items().isEmpty()
                                    ? ""
                                    : ", newest " + i.items().get(0).filename())));
            JsonNode board = Json.mapper().valueToTree(d.sections().get("leaderboard"));
            if (board != null && board.isArray()) {
                w.println("leaderboard: " + Counted.of(board.size(), "row"));
                for (JsonNode row : board) {
                    w.println("  " + row.path("rank").asText() + ". "
                            + row.path("agent").asText() + "  "
                            + row.path("score").asText() + "  "
                            + row.path("verification").asText() + "  "
                            + row.path("filename").asText());
                }
            }
            w.println("recent messages: " + d.recentMessages().size());
            for (MessageRecord m : d.recentMessages()) {
                String first = m.body().strip().lines().findFirst().orElse("");
                w.println("  " + m.filename() + "  " + Texts.shortened(first, 100));
            }
            w.println("generated at " + d.generatedAt());
        });
    }
}
