package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A result file: YAML frontmatter plus a markdown body, in the anchor's codec ({@code ---\n<yaml>---\n\n<body>\n}).
 * {@link #fromSummary} maps a {@link HarnessSummary} onto the results schema: the score field (the deployment's
 * name for it, e.g. {@code score}) carries tokens/s, {@code status} is {@code agent-run} when the perplexity gate
 * passes and {@code negative} otherwise (a dead end that is logged but never ranked), and extra fields carry the
 * guardrail ({@code ppl}, {@code ppl_cap}, {@code ppl_pass}) and the quality flag ({@code quality: lossless|lossy}).
 *
 * @param frontmatter the frontmatter in key order
 * @param body the markdown body
 */
public record ResultFile(Map<String, Object> frontmatter, String body) {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .build())
            .build();

    /** Every frontmatter key {@link #fromSummary} may write besides the score field. */
    static final java.util.Set<String> KEYS = java.util.Set.of(
            "method",
            "status",
            "description",
            "tps",
            "ppl",
            "ppl_cap",
            "ppl_pass",
            "quality",
            "lossy",
            "accuracy",
            "accuracy_reference",
            "greedy_identity",
            "mean_acceptance_length",
            "speedup",
            "baseline_tps",
            "tps_trials",
            "tps_spread",
            "output_len",
            "num_prompts",
            "artifacts");

    /** Copies the frontmatter, keeping its order. */
    public ResultFile {
        frontmatter = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(frontmatter, "fm")));
        Objects.requireNonNull(body, "body");
    }

    /**
     * Builds the result file of a harness run.
     *
     * @param summary the run's summary
     * @param scoreField the deployment's score field name, e.g. {@code score}; not one of {@link ScoreField#reserved()}
     * @param artifacts where the submission lives (an {@code hf://} URI or relative path), or empty
     * @return the result file
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a blank or reserved score field
     */
    public static ResultFile fromSummary(HarnessSummary summary, String scoreField, String artifacts) {
        ScoreField.check(scoreField);
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put(scoreField, round(summary.tps(), 2));
        fm.put("method", summary.method() + " [" + summary.decoding() + "]");
        fm.put("status", summary.pplPass() ? "agent-run" : "negative");
        fm.put("description", describe(summary));
        if (!scoreField.equals("tps")) {
            fm.put("tps", round(summary.tps(), 2));
        }
        fm.put("ppl", round(summary.ppl(), 4));
        fm.put("ppl_cap", round(summary.pplCap(), 4));
        fm.put("ppl_pass", summary.pplPass());
        fm.put("quality", summary.lossless() ? "lossless" : "lossy");
        fm.put("lossy", summary.lossy());
        summary.accuracy().ifPresent(a -> fm.put("accuracy", round(a, 4)));
        summary.accuracyReference().ifPresent(a -> fm.put("accuracy_reference", round(a, 4)));
        summary.greedyIdentity().ifPresent(g -> fm.put("greedy_identity", g));
        summary.meanAcceptanceLength().ifPresent(m -> fm.put("mean_acceptance_length", round(m, 3)));
        summary.speedup().ifPresent(x -> fm.put("speedup", round(x, 4)));
        summary.baselineTps().ifPresent(b -> fm.put("baseline_tps", round(b, 2)));
        fm.put("tps_trials", summary.tpsTrials().size());
        fm.put("tps_spread", round(summary.tpsSpread(), 4));
        fm.put("output_len", summary.outputLen());
        fm.put("num_prompts", summary.numPrompts());
        if (!artifacts.isBlank()) {
            fm.put("artifacts", artifacts);
        }
        return new ResultFile(fm, SummaryTable.render(java.util.List.of(summary)));
    }

    /**
     * Serialises the file.
     *
     * @return {@code ---\n<yaml>---\n\n<body>\n}
     */
    public String render() {
        try {
            String yaml = YAML.writeValueAsString(frontmatter);
            String b = body.isEmpty()
                    ? ""
                    : (body.startsWith("\n") ? body : "\n" + body) + (body.endsWith("\n") ? "" : "\n");
            return "---\n" + yaml + "---\n" + b;
        } catch (JsonProcessingException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot render result frontmatter")
                    .withCause(e);
        }
    }

    static String describe(HarnessSummary s) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%.1f tok/s, PPL %.4f %s cap %.4f",
                s.tps(),
                s.ppl(),
                s.pplPass() ? "<=" : ">",
                s.pplCap()));
        s.speedup()
                .ifPresent(x -> sb.insert(
                        sb.indexOf(" tok/s") + 6,
                        String.format(
                                Locale.ROOT,
                                " (%.2fx plain decoding, %d %s)",
                                x,
                                s.tpsTrials().size(),
                                s.tpsTrials().size() == 1 ? "trial" : "trials")));
        s.accuracy().ifPresent(a -> {
            sb.append(String.format(Locale.ROOT, ", accuracy %.3f", a));
            s.accuracyReference().ifPresent(r -> sb.append(String.format(Locale.ROOT, " (reference %.3f)", r)));
        });
        s.greedyIdentity().ifPresent(g -> sb.append(g ? ", greedy-identical" : ", greedy output differs"));
        sb.append(s.lossless() ? ": lossless" : ": LOSSY (" + String.join("; ", s.reasons()) + ")");
        return sb.toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
