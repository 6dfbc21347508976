package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The harness command line, parsed by {@link HarnessCommand} (jobs harness contract: {@code --submission-dir DIR --state-dir DIR
 * [--private-dir DIR] <extra args>}).
 *
 * @param submissionDir the submission (read-only)
 * @param stateDir where {@code summary.json}, {@code result.md}, {@code summary.txt} and {@code chart.png} go
 * @param dataDir the evaluation data: {@code --private-dir} when given, else {@code --data-dir}, else the
 *     leading positional argument (the jobs runner's {@code /harness/<entrypoint>}: that folder, or {@code data/}
 *     next to that file), else {@code $COLLAB_HARNESS_DATA}, else {@code /harness/data}
 * @param referenceModel a reference model to measure instead of reading {@code reference.json}
 * @param config the run settings
 * @param scoreField the results score field name: {@code result.md} and {@code summary.json} carry the score under it;
 *     not one of the other keys the harness writes ({@link ScoreField#reserved()})
 * @param maxSequence positions allocated per sequence, at least 2
 * @param progress whether to draw progress bars on stderr
 */
public record HarnessArgs(
        Path submissionDir,
        Path stateDir,
        Path dataDir,
        Optional<Path> referenceModel,
        HarnessConfig config,
        String scoreField,
        int maxSequence,
        boolean progress) {

    /** The usage text. */
    public static final String USAGE = String.join(
            "\n",
            "usage: collab harness [HARNESS_ENTRY] --submission-dir DIR --state-dir DIR [--private-dir DIR | --data-dir DIR]",
            "       [--reference-model DIR] [--output-len N] [--warmup N] [--ppl-tolerance X]",
            "       [--accuracy-tolerance X] [--scoring log-likelihood|generated-letter] [--identity-prompts N]",
            "       [--identity-tokens N] [--score-field NAME] [--max-seq N] [--trials N] [--no-baseline] [--quiet]");

    /** Validates the record. */
    public HarnessArgs {
        java.util.Objects.requireNonNull(submissionDir, "submissionDir");
        java.util.Objects.requireNonNull(stateDir, "stateDir");
        java.util.Objects.requireNonNull(dataDir, "dataDir");
        java.util.Objects.requireNonNull(referenceModel, "referenceModel");
        java.util.Objects.requireNonNull(config, "config");
        ScoreField.check(scoreField);
        if (maxSequence < 2) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, "--max-seq must be >= 2, but was " + maxSequence, USAGE);
        }
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @param env the environment (for {@code COLLAB_HARNESS_DATA})
     * @return the parsed arguments
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} with the usage as hint for bad arguments
     */
    public static HarnessArgs parse(List<String> args, Map<String, String> env) {
        return HarnessCommand.parse(args, env);
    }
}
