package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a message goes in the channel/thread structure (docs/channels-threads.md): its channel, its parent and
 * its thread root. A reply inherits its parent's channel and may not name another one.
 *
 * @param channel the channel, or empty
 * @param parent the parent filename, or empty
 * @param thread the thread root filename (empty unless a reply)
 * @param parentAuthor the parent's author (an inbox recipient), or empty
 */
record ReplyTarget(
        Optional<String> channel, Optional<String> parent, Optional<String> thread, Optional<String> parentAuthor) {

    ReplyTarget {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(parentAuthor, "parentAuthor");
    }

    /** Validates a channel name and a parent filename's shape, before any token is spent. */
    static void validateShape(Optional<String> channel, Optional<String> parent) {
        channel.ifPresent(Names::channel);
        parent.ifPresent(ReplyTarget::boardFilename);
    }

    /**
     * Validates a board filename: one path component ending in {@code .md}.
     *
     * @param filename the filename
     * @return the filename
     * @throws CollabException {@code INVALID_PATH}
     */
    static String boardFilename(String filename) {
        BucketPath p = BucketPath.validateUserPath(filename);
        if (p.value().contains("/") || !p.value().endsWith(".md") || !p.value().equals(filename)) {
            throw CollabException.invalidPath("invalid message filename: '" + filename + "'");
        }
        return filename;
    }

    /**
     * Validates a filename named on a read path: one path component (a missing {@code .md} simply finds nothing).
     *
     * @param filename the filename
     * @return the filename
     * @throws CollabException {@code INVALID_PATH} for traversal, dot files, separators or control characters
     */
    static String leafName(String filename) {
        BucketPath p = BucketPath.validateUserPath(filename);
        if (p.value().contains("/") || !p.value().equals(filename)) {
            throw CollabException.invalidPath("invalid message filename: '" + filename + "'");
        }
        return filename;
    }

    /** Resolves the target against the board. */
    static ReplyTarget resolve(ReadModel reads, Optional<String> channel, Optional<String> parent) {
        if (parent.isEmpty()) {
            return new ReplyTarget(channel, Optional.empty(), Optional.empty(), Optional.empty());
        }
        String p = parent.get();
        StoredDoc doc = reads.document(Folders.BOARD + p)
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.NOT_FOUND,
                        "no such file: " + Folders.BOARD + p,
                        "`parent` must name a message on the board"));
        String parentChannel = doc.doc().text("channel");
        if (channel.isPresent() && !channel.get().equals(parentChannel)) {
            String message = parentChannel.isEmpty()
                    ? "a reply stays out of channels when its parent is in none, got channel '" + channel.get() + "'"
                    : "a reply stays in its parent's channel '" + parentChannel + "', got channel '" + channel.get()
                            + "'";
            throw CollabException.of(ErrorCode.INVALID_REQUEST, message, "omit `channel` in replies");
        }
        Optional<String> effective =
                channel.isPresent() ? channel : Optional.of(parentChannel).filter(c -> !c.isEmpty());
        String root = doc.doc().text("thread");
        String thread = root.isEmpty() ? p : root;
        return new ReplyTarget(effective, parent, Optional.of(thread), Optional.of(Names.agentFromFilename(p)));
    }
}
