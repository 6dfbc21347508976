package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Reads and writes {@code summary.json} in a state directory (pretty-printed, trailing newline, written to a
 * temporary file and moved into place so a watcher never reads half a file).
 */
public final class SummaryJson {
    /** The file name the jobs harness contract expects in the state directory. */
    public static final String FILE_NAME = "summary.json";

    private SummaryJson() {}

    /**
     * Writes the summary.
     *
     * @param stateDir the state directory (created if needed)
     * @param summary the summary
     * @return the written file
     * @throws CollabException {@link ErrorCode#INTERNAL} when writing fails
     */
    public static Path write(Path stateDir, HarnessSummary summary) {
        return write(stateDir, summary, ScoreField.DEFAULT);
    }

    /**
     * Writes the summary with the score also under the deployment's score field, so that a verifier reading the
     * re-run's score as {@code summary[scoreField]} finds it.
     *
     * @param stateDir the state directory (created if needed)
     * @param summary the summary
     * @param scoreField the deployment's score field name; not one of {@link ScoreField#reserved()}
     * @return the written file
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a reserved score field, {@link ErrorCode#INTERNAL}
     *     when writing fails
     */
    public static Path write(Path stateDir, HarnessSummary summary, String scoreField) {
        ScoreField.check(scoreField);
        ObjectNode json = Json.mapper().valueToTree(summary);
        if (!json.has(scoreField)) {
            json.put(scoreField, summary.tps());
        }
        return writeObject(stateDir, json);
    }

    /**
     * Writes a failure summary ({@code {"status": "error", "message": ...}}, no score), so a watcher sees why a
     * run produced no numbers.
     *
     * @param stateDir the state directory
     * @param message what went wrong
     * @return the written file
     */
    public static Path writeError(Path stateDir, String message) {
        return writeObject(stateDir, Map.of("status", "error", "message", message));
    }

    /**
     * Reads a summary.
     *
     * @param stateDir the state directory
     * @return the summary
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when absent, {@link ErrorCode#INVALID_REQUEST} when
     *     it is not a completed summary
     */
    public static HarnessSummary read(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw CollabException.notFound(file.toString());
        }
        try {
            return Json.mapper().readValue(file.toFile(), HarnessSummary.class);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "not a completed summary: " + file)
                    .withCause(e);
        }
    }

    private static Path writeObject(Path stateDir, Object value) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
            Files.writeString(tmp, json);
            return Files.move(tmp, stateDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + FILE_NAME + " to " + stateDir)
                    .withCause(e);
        }
    }
}
