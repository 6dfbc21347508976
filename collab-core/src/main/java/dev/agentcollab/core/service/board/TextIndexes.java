package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TextIndex} of each folder that {@code q} has been asked of (the board, the broadcasts, the inboxes
 * queried, the results, the trace library's manifests, the notes of each taskforce searched), kept with the service's read model. An index is created, and listens to its folder, from the first
 * {@code q} over that folder on; a folder never searched costs nothing.
 *
 * <p>With a snapshot folder ({@link #open}, next to the board index's snapshot file), each index is saved there in
 * a file of its own ({@link TextIndexSnapshot}; the file's name is the folder, URL-encoded, plus {@code .tix}), and
 * at start-up the folders that have a file, that is those searched before, are loaded in the background
 * ({@link #warm}), the board first. Thread safe.
 */
final class TextIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(TextIndexes.class);
    private static final String SUFFIX = ".tix";

    private final ReadModel reads;
    private final Optional<Path> dir;
    private final ConcurrentHashMap<String, TextIndex> folders = new ConcurrentHashMap<>();

    private TextIndexes(ReadModel reads, Optional<Path> dir) {
        this.reads = reads;
        this.dir = dir;
    }

    /**
     * The text index of one folder of a read model, created on first use.
     *
     * @param reads the read model
     * @param folder the folder, e.g. {@code message_board/}
     * @return its index
     */
    static TextIndex of(ReadModel reads, String folder) {
        TextIndexes all = reads.extension(TextIndexes.class, r -> new TextIndexes(r, Optional.empty()));
        return all.folders.computeIfAbsent(
                folder, f -> new TextIndex(all.reads, f, scope(f), all.dir.map(d -> d.resolve(fileName(f)))));
    }

    /**
     * Creates the text indexes of a read model with a snapshot folder, before any request uses them (start-up).
     *
     * @param reads the read model
     * @param dir the folder of the snapshot files, or empty for none
     */
    static void open(ReadModel reads, Optional<Path> dir) {
        reads.extension(TextIndexes.class, r -> new TextIndexes(r, dir));
    }

    /**
     * The snapshot folder that goes with a board index snapshot file: beside it, its name plus {@code .text}.
     *
     * @param boardSnapshot the board index's snapshot file
     * @return the folder
     */
    static Path directory(Path boardSnapshot) {
        Path abs = boardSnapshot.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".text");
    }

    /**
     * Loads, one after the other, the index of every folder that has a snapshot file (start-up, in the background),
     * the board first; each is then checked against its folder's listing.
     *
     * @param reads the read model
     */
    static void warm(ReadModel reads) {
        TextIndexes all = reads.extension(TextIndexes.class, r -> new TextIndexes(r, Optional.empty()));
        for (String folder : all.saved()) {
            of(reads, folder).warm();
        }
    }

    /**
     * Writes every built index's snapshot, after any save under way (shutdown). A failure is logged per folder.
     *
     * @param reads the read model
     * @throws InterruptedException when interrupted while waiting for a background save
     */
    static void save(ReadModel reads) throws InterruptedException {
        TextIndexes all = reads.extension(TextIndexes.class, r -> new TextIndexes(r, Optional.empty()));
        for (TextIndex index : all.folders.values()) {
            index.awaitSave();
            try {
                index.save();
            } catch (RuntimeException e) {
                LOG.warn("a text index snapshot could not be written at shutdown; the next start reads its folder", e);
            }
        }
    }

    /** The folders with a snapshot file that {@code q} can be asked of, the board first. */
    private List<String> saved() {
        if (dir.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.get())) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .map(n -> URLDecoder.decode(n.substring(0, n.length() - SUFFIX.length()), StandardCharsets.UTF_8))
                    .filter(TextIndexes::searchable)
                    .sorted()
                    .forEach(out::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "the text index snapshots in {} could not be listed; they are loaded on the first q", dir.get(), e);
            return List.of();
        }
        if (out.remove(Folders.BOARD)) {
            out.addFirst(Folders.BOARD);
        }
        return out;
    }

    /** What a folder's index covers: the trace library's manifests, or a flat folder's records. */
    private static TextIndex.Scope scope(String folder) {
        if (folder.equals(Folders.TRACES)) {
            return TextIndex.Scope.MANIFESTS;
        }
        return folder.startsWith(Folders.TASKFORCES) ? TextIndex.Scope.NOTES : TextIndex.Scope.RECORDS;
    }

    private static boolean searchable(String folder) {
        if (folder.equals(Folders.BOARD)
                || folder.equals(Folders.BROADCASTS)
                || folder.equals(Folders.RESULTS)
                || folder.equals(Folders.TRACES)) {
            return true;
        }
        String parent = folder.startsWith(Folders.INBOX) ? Folders.INBOX : Folders.TASKFORCES;
        if (!folder.startsWith(parent) || !folder.endsWith("/")) {
            return false;
        }
        String handle = folder.substring(parent.length(), folder.length() - 1);
        return !handle.isEmpty() && handle.indexOf('/') < 0;
    }

    /** The snapshot file's name of a folder: the folder URL-encoded ({@code /} as {@code %2F}), plus the suffix. */
    static String fileName(String folder) {
        return URLEncoder.encode(folder, StandardCharsets.UTF_8) + SUFFIX;
    }
}
