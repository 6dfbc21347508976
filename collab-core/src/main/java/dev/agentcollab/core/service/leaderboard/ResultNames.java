package dev.agentcollab.core.service.leaderboard;

import java.util.Optional;

/** Filename helpers for result records: the author and the stamp prefix. */
final class ResultNames {
    private ResultNames() {}

    /**
     * The author of a stamped filename ({@code <8 digits>...._<author>.md}); otherwise the whole stem.
     *
     * @param filename a leaf filename
     * @return the author, or empty when the stem is empty
     */
    static Optional<String> agentFromFilename(String filename) {
        String stem = filename.endsWith(".md") ? filename.substring(0, filename.length() - 3) : filename;
        int underscore = stem.indexOf('_');
        if (underscore >= 8 && stem.substring(0, 8).chars().allMatch(Character::isDigit)) {
            stem = stem.substring(underscore + 1);
        }
        return stem.isEmpty() ? Optional.empty() : Optional.of(stem);
    }

    /**
     * The 19-character stamp that starts a stamped filename, or the whole filename when shorter.
     *
     * @param filename a leaf filename
     * @return the stamp
     */
    static String stamp(String filename) {
        return filename.length() >= 19 ? filename.substring(0, 19) : filename;
    }
}
