package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.board.MessageThread;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.app.Counted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab agent board}: the message board, one channel of it, or one thread. */
@Command(
        name = "board",
        mixinStandardHelpOptions = true,
        description = "Read the message board, a channel (--channel) or a thread (--thread).")
final class BoardCommand extends AgentAction {
    @Mixin
    ListOptions list;

    @Option(names = "--channel", paramLabel = "NAME", description = "only this channel")
    String channel;

    @Option(names = "--thread", paramLabel = "FILENAME", description = "the thread of this message, oldest first")
    String thread;

    @Option(names = "--type", description = "only messages of this type (board only)")
    String type;

    @Override
    protected void execute(AgentSession s, Output out) {
        if (thread != null) {
            if (channel != null) {
                throw new UsageException("--thread and --channel cannot be combined");
            }
            MessageThread t = s.client().board().thread(thread);
            out.result(t, w -> {
                Texts.message(w, t.root());
                t.replies().forEach(r -> Texts.message(w, r));
                w.println(Counted.of(t.replies().size(), "reply", "replies") + "; participants: "
                        + Texts.list(t.participants()));
            });
            return;
        }
        ListQuery q = list.query();
        if (type != null) {
            q = q.toBuilder().type(type).build();
        }
        Page<MessageRecord> page = ListOptions.pages(
                q,
                channel != null
                        ? v -> s.client().board().channel(channel, v)
                        : s.client().board()::messages);
        out.result(
                page, w -> Texts.messages(w, page, channel != null ? "channel #" + channel : "board", list::nextPage));
    }
}
