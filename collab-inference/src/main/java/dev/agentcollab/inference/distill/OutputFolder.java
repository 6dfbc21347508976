package dev.agentcollab.inference.distill;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps an output folder apart from the folders a command reads: the inputs are memory-mapped while the output is
 * written, so writing into an input (or into a folder holding one, or one inside it) would overwrite the very files
 * being read. Folders are compared by their real paths (links resolved), also when the output does not exist yet.
 */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * Refuses an output folder that overlaps an input folder: the same folder, one inside the other, or either
     * reached through a link.
     *
     * @param outOption the output's option name, e.g. {@code --out}
     * @param out the output folder (need not exist)
     * @param inputs the input folders by option name, e.g. {@code --drafter}
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming both options when they overlap
     */
    static void requireApart(String outOption, Path out, Map<String, Path> inputs) {
        Path o = realPath(Objects.requireNonNull(out, "out"));
        inputs.forEach((option, input) -> {
            Path i = realPath(input);
            if (o.startsWith(i) || i.startsWith(o)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        outOption + " " + out + " overlaps " + option + " " + input
                                + ": write the result to a folder of its own, outside the inputs");
            }
        });
    }

    /** The real path of the longest existing prefix, with the rest appended as given. */
    static Path realPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
