package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code collab agent inbox}: the messages that mention the agent, replies to it and broadcasts, newest first.
 * Poll with {@code --after <newest filename seen>}, which lists oldest first: it never re-delivers, and a page cut by
 * {@code --limit} continues with {@code --after} its last filename; or with {@code --new}, which keeps that cursor
 * itself ({@link InboxCursors}).
 */
@Command(
        name = "inbox",
        mixinStandardHelpOptions = true,
        description = "Read your inbox (mentions, replies, broadcasts); poll with --new, which remembers what it"
                + " showed, or with --after <newest filename seen>.")
final class InboxCommand extends AgentAction {
    @Mixin
    ListOptions list;

    @Option(names = "--handle", description = "read another handle's inbox (default: your agent id)")
    String handle;

    @Option(
            names = "--new",
            description = "what arrived since the last --new, oldest first (the first one lists from the oldest);"
                    + " the newest message shown is remembered per server and inbox")
    boolean fresh;

    @Override
    protected void execute(AgentSession s, Output out) {
        String who = handle != null ? handle : s.agent();
        if (!fresh) {
            Page<MessageRecord> page =
                    ListOptions.pages(list.query(), q -> s.client().board().inbox(who, q));
            out.result(page, w -> Texts.messages(w, page, "inbox of " + who, list::nextPage));
            return;
        }
        if (list.after != null || list.before != null) {
            throw new UsageException("--new keeps its own cursor: leave out --after and --before");
        }
        InboxCursors cursors = s.inboxCursors();
        list.after = cursors.get(s.url(), who).orElse(null);
        list.asc = true;
        Page<MessageRecord> page = s.client().board().inbox(who, list.query());
        out.result(page, w -> {
            if (page.items().isEmpty()) {
                w.println("nothing new (inbox of " + who + ")");
                return;
            }
            for (MessageRecord m : page.items()) {
                Texts.message(w, m);
            }
            w.println(page.items().size() + " new (inbox of " + who + ")"
                    + (page.next().isPresent() ? "; more: run inbox --new again" : ""));
        });
        if (!page.items().isEmpty()) {
            cursors.put(s.url(), who, page.items().getLast().filename());
        }
    }
}
