package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFileTest {

    @Test
    void validRunRanksWithGuardrailAndQualityFields() {
        ResultFile f = ResultFile.fromSummary(Summaries.of("mtp-k4", 123.456, 2.31, true), "score", "submissions/v1");

        assertEquals(
                List.of(
                        "score",
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
                        "tps_trials",
                        "tps_spread",
                        "output_len",
                        "num_prompts",
                        "artifacts"),
                List.copyOf(f.frontmatter().keySet()));
        assertEquals(123.46, f.frontmatter().get("score"));
        assertEquals("agent-run", f.frontmatter().get("status"));
        assertEquals("lossless", f.frontmatter().get("quality"));
        String text = f.render();
        assertTrue(
                text.startsWith(
                        "---\nscore: 123.46\nmethod: \"mtp drafter [speculative k=4 greedy]\"\nstatus: agent-run\n"),
                text);
        assertTrue(text.contains("\n---\n\n| submission |"), text);
        assertTrue(text.endsWith("|\n"));
    }

    @Test
    void gateFailureIsNegativeAndAccuracyDropIsLossy() {
        ResultFile over = ResultFile.fromSummary(Summaries.of("big-cut", 300, 2.9, false), "tps", "");
        ResultFile lossy = ResultFile.fromSummary(Summaries.of("prune", 200, 2.32, false), "tps", "");

        assertEquals("negative", over.frontmatter().get("status"));
        assertEquals("agent-run", lossy.frontmatter().get("status"));
        assertEquals("lossy", lossy.frontmatter().get("quality"));
        assertEquals(true, lossy.frontmatter().get("lossy"));
        assertTrue(((String) lossy.frontmatter().get("description")).contains("LOSSY (accuracy dropped)"));
        assertTrue(!over.frontmatter().containsKey("artifacts"));
    }

    @Test
    void theDescriptionNamesAnAccuracyReferenceOnlyBesideAnAccuracy() {
        String withEval = ResultFile.describe(Summaries.of("a", 100, 2.3, true));
        String withoutEval = ResultFile.describe(Summaries.of("b", 100, 2.3, true, java.util.Optional.empty()));

        assertTrue(withEval.contains("accuracy 0.610 (reference 0.620)"), withEval);
        assertTrue(!withoutEval.contains("reference"), withoutEval);
        assertTrue(!withoutEval.contains("accuracy"), withoutEval);
    }
}
