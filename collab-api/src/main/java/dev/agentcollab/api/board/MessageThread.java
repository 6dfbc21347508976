package dev.agentcollab.api.board;

import java.util.List;
import java.util.Objects;

/**
 * A reply thread: the root message and all replies to it (direct or nested), oldest first. Each reply's
 * frontmatter names its {@code parent} and the {@code thread} root.
 *
 * @param root the root message
 * @param replies the replies, ascending by filename
 * @param participants the authors in the thread (root author first, then in order of first reply)
 */
public record MessageThread(MessageRecord root, List<MessageRecord> replies, List<String> participants) {
    /** Checks for nulls and copies the lists. */
    public MessageThread {
        Objects.requireNonNull(root, "root");
        replies = List.copyOf(replies);
        participants = List.copyOf(participants);
    }
}
