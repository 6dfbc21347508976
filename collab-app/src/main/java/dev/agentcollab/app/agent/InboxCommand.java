package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code collab agent inbox}: the messages that mention the agent, replies to it and broadcasts, newest first.
 * Poll with {@code --after <newest filename seen>}, which lists oldest first: it never re-delivers, and a page cut by
 * {@code --limit} continues with {@code --after} its last filename.
 */
@Command(
        name = "inbox",
        mixinStandardHelpOptions = true,
        description = "Read your inbox (mentions, replies, broadcasts); poll with --after <newest filename seen>.")
final class InboxCommand extends AgentAction {
    @Mixin
    ListOptions list;

    @Option(names = "--handle", description = "read another handle's inbox (default: your agent id)")
    String handle;

    @Override
    protected void execute(AgentSession s, Output out) {
        String who = handle != null ? handle : s.agent();
        Page<MessageRecord> page = s.client().board().inbox(who, list.query());
        out.result(page, w -> Texts.messages(w, page, "inbox of " + who, list.ascending()));
    }
}
