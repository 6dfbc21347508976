package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TextIndex} of each folder that {@code q} has been asked of (the board, the broadcasts, the inboxes
 * queried), kept with the service's read model. An index is created, and listens to its folder, from the first
 * {@code q} over that folder on; a folder never searched costs nothing. Thread safe.
 */
final class TextIndexes {
    private final ReadModel reads;
    private final ConcurrentHashMap<String, TextIndex> folders = new ConcurrentHashMap<>();

    private TextIndexes(ReadModel reads) {
        this.reads = reads;
    }

    /**
     * The text index of one folder of a read model, created on first use.
     *
     * @param reads the read model
     * @param folder the folder, e.g. {@code message_board/}
     * @return its index
     */
    static TextIndex of(ReadModel reads, String folder) {
        TextIndexes all = reads.extension(TextIndexes.class, TextIndexes::new);
        return all.folders.computeIfAbsent(folder, f -> new TextIndex(all.reads, f));
    }
}
