package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code q} text index of a central-bucket folder, for listings outside the board: the results listing, the
 * trace library and the taskforces' notes answer {@code q} from it as the board does. The folder's index is built on its first search and then kept current with
 * the read model (see {@code TextIndex}); a folder never searched costs nothing. Thread safe.
 */
public final class TextSearch {
    private TextSearch() {}

    /**
     * The records of a folder that may match a needle: every record whose text contains it (as
     * {@link dev.agentcollab.core.service.internal.ListEngine#matchesText} decides), and maybe others; the caller
     * loads the candidates and tests them.
     *
     * @param reads the read model the folder belongs to
     * @param folder the folder, e.g. {@code results/}
     * @param view the folder's current view
     * @param needle the {@code q} value
     * @return the candidates in filename order, or empty when the needle is shorter than a gram or the folder has
     *     subfolders (every record is then a candidate)
     */
    public static Optional<RecordSet> candidates(
            ReadModel reads, String folder, ReadModel.Records view, String needle) {
        return TextIndexes.of(reads, folder).candidates(needle, view);
    }

    /**
     * The trace manifests ({@code traces/<agent>/<session>/manifest.md}) that may match a needle: every manifest whose
     * text contains it, and maybe others; the caller loads the candidates and tests them. The index of
     * {@code traces/} is built on its first search, kept current with the read model and saved like the others.
     *
     * @param reads the read model
     * @param needle the {@code q} value
     * @return the candidates' paths, ascending, or empty when the needle is shorter than a gram (every manifest is
     *     then a candidate)
     */
    public static Optional<List<String>> traceManifests(ReadModel reads, String needle) {
        return paths(reads, Folders.TRACES, needle);
    }

    /**
     * The notes of a taskforce (its {@code .md} files at any depth but its {@code README.md}) that may match a
     * needle: every note whose text contains it, and maybe others; the caller loads the candidates and tests them.
     * Each taskforce's index is built on its first search, kept current with the read model and saved like the
     * others.
     *
     * @param reads the read model
     * @param folder the taskforce's folder, e.g. {@code taskforces/kv-cache/}
     * @param needle the {@code q} value
     * @return the candidates' paths, ascending, or empty when the needle is shorter than a gram (every note is
     *     then a candidate)
     * @throws IllegalArgumentException when the folder is not a taskforce's
     */
    public static Optional<List<String>> taskforceNotes(ReadModel reads, String folder, String needle) {
        if (!folder.startsWith(Folders.TASKFORCES)
                || !folder.endsWith("/")
                || folder.indexOf('/', Folders.TASKFORCES.length()) != folder.length() - 1) {
            throw new IllegalArgumentException("not a taskforce's folder: " + folder);
        }
        return paths(reads, folder, needle);
    }

    private static Optional<List<String>> paths(ReadModel reads, String folder, String needle) {
        return TextIndexes.of(reads, folder)
                .names(needle)
                .map(names -> Arrays.stream(names).map(n -> folder + n).toList());
    }
}
