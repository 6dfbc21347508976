package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The harness command line (jobs harness contract: {@code --submission-dir DIR --state-dir DIR
 * [--private-dir DIR] <extra args>}).
 *
 * @param submissionDir the submission (read-only)
 * @param stateDir where {@code summary.json}, {@code result.md}, {@code summary.txt} and {@code chart.png} go
 * @param dataDir the evaluation data: {@code --private-dir} when given, else {@code --data-dir}, else the
 *     leading positional argument (the jobs runner's {@code /harness/<entrypoint>}: that folder, or {@code data/}
 *     next to that file), else {@code $COLLAB_HARNESS_DATA}, else {@code /harness/data}
 * @param referenceModel a reference model to measure instead of reading {@code reference.json}
 * @param config the run settings
 * @param scoreField the results score field name written into {@code result.md}
 * @param maxSequence positions allocated per sequence
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
            "usage: HarnessMain [HARNESS_ENTRY] --submission-dir DIR --state-dir DIR [--private-dir DIR | --data-dir DIR]",
            "       [--reference-model DIR] [--output-len N] [--warmup N] [--ppl-tolerance X]",
            "       [--accuracy-tolerance X] [--scoring log-likelihood|generated-letter] [--identity-prompts N]",
            "       [--identity-tokens N] [--score-field NAME] [--max-seq N] [--trials N] [--no-baseline] [--quiet]");

    private static final Set<String> FLAGS = Set.of("--quiet", "--no-baseline");

    /** Validates the record. */
    public HarnessArgs {
        java.util.Objects.requireNonNull(submissionDir, "submissionDir");
        java.util.Objects.requireNonNull(stateDir, "stateDir");
        java.util.Objects.requireNonNull(dataDir, "dataDir");
        java.util.Objects.requireNonNull(referenceModel, "referenceModel");
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(scoreField, "scoreField");
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
        Map<String, String> m = new HashMap<>();
        Optional<Path> entry = Optional.empty();
        int first = 0;
        if (!args.isEmpty() && !args.get(0).startsWith("--")) {
            // the jobs runner passes /harness/<entrypoint> first: a data folder, or a file next to data/
            entry = Optional.of(Path.of(args.get(0)));
            first = 1;
        }
        for (int i = first; i < args.size(); i++) {
            String a = args.get(i);
            if (FLAGS.contains(a)) {
                m.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                m.put(a, args.get(++i));
            } else {
                throw usage("unexpected argument '" + a + "'");
            }
        }
        if (!m.containsKey("--submission-dir") || !m.containsKey("--state-dir")) {
            throw usage("--submission-dir and --state-dir are required");
        }
        String fallback = entry.map(e -> (Files.isDirectory(e) ? e : e.resolveSibling("data")).toString())
                .orElse(env.getOrDefault("COLLAB_HARNESS_DATA", "/harness/data"));
        String data = m.getOrDefault("--private-dir", m.getOrDefault("--data-dir", fallback));
        try {
            HarnessConfig.Builder b = HarnessConfig.custom();
            if (m.containsKey("--output-len")) {
                b.outputTokens(Integer.parseInt(m.get("--output-len")));
            }
            if (m.containsKey("--warmup")) {
                b.warmupRequests(Integer.parseInt(m.get("--warmup")));
            }
            if (m.containsKey("--trials")) {
                b.trials(Integer.parseInt(m.get("--trials")));
            }
            if (m.containsKey("--no-baseline")) {
                b.baseline(false);
            }
            if (m.containsKey("--ppl-tolerance")) {
                b.pplTolerance(Double.parseDouble(m.get("--ppl-tolerance")));
            }
            if (m.containsKey("--accuracy-tolerance")) {
                b.accuracyTolerance(Double.parseDouble(m.get("--accuracy-tolerance")));
            }
            if (m.containsKey("--scoring")) {
                b.scoring(ChoiceScoring.valueOf(
                        m.get("--scoring").toUpperCase(Locale.ROOT).replace('-', '_')));
            }
            HarnessConfig defaults = HarnessConfig.ofDefaults();
            b.identityCheck(
                    Integer.parseInt(m.getOrDefault("--identity-prompts", String.valueOf(defaults.identityPrompts()))),
                    Integer.parseInt(m.getOrDefault("--identity-tokens", String.valueOf(defaults.identityTokens()))));
            return new HarnessArgs(
                    Path.of(m.get("--submission-dir")),
                    Path.of(m.get("--state-dir")),
                    Path.of(data),
                    Optional.ofNullable(m.get("--reference-model")).map(Path::of),
                    b.build(),
                    m.getOrDefault("--score-field", "score"),
                    Integer.parseInt(
                            m.getOrDefault("--max-seq", String.valueOf(EngineSubmissionModel.DEFAULT_MAX_SEQUENCE))),
                    !m.containsKey("--quiet"));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static CollabException usage(String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, message, USAGE);
    }
}
