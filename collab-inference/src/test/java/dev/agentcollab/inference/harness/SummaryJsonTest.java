package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.result.ResultsConfig;
import dev.agentcollab.core.service.verify.VerdictRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

    @Test
    void writesTheDocumentedSchemaAndReadsItBack(@TempDir Path state) throws Exception {
        HarnessSummary s = Summaries.of("mtp-k4", 123.456, 2.31, true);

        Path file = SummaryJson.write(state, s);

        assertEquals(state.resolve("summary.json"), file);
        JsonNode json = Json.mapper().readTree(file.toFile());
        Set<String> keys = new TreeSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                new TreeSet<>(List.of(
                        "status",
                        "submission",
                        "method",
                        "model",
                        "decoding",
                        "score",
                        "tps",
                        "total_tps",
                        "completion_tokens",
                        "prompt_tokens",
                        "num_prompts",
                        "output_len",
                        "wall_s",
                        "acceptance_rate",
                        "mean_acceptance_length",
                        "ppl",
                        "ppl_tokens",
                        "ppl_reference",
                        "ppl_cap",
                        "ppl_pass",
                        "accuracy",
                        "accuracy_reference",
                        "accuracy_tolerance",
                        "accuracy_items",
                        "greedy_identity",
                        "lossy",
                        "lossless",
                        "reasons",
                        "confusion",
                        "started_at",
                        "finished_at",
                        "tps_trials",
                        "tps_spread",
                        "baseline_tps",
                        "baseline_tps_trials",
                        "speedup")),
                keys);
        assertEquals("completed", json.get("status").asText());
        assertEquals(123.456, json.get("tps").asDouble(), 1e-12);
        assertTrue(json.get("ppl_pass").asBoolean());
        assertEquals("2026-06-01T10:00:00Z", json.get("started_at").asText());
        assertEquals(3, json.get("confusion").get("A").get("A").asInt());
        assertTrue(Files.readString(file).endsWith("}\n"));
        assertEquals(s, SummaryJson.read(state));
    }

    @Test
    void errorSummaryHasNoScore(@TempDir Path state) throws Exception {
        JsonNode json =
                Json.mapper().readTree(SummaryJson.writeError(state, "boom").toFile());

        assertEquals("error", json.get("status").asText());
        assertEquals("boom", json.get("message").asText());
        assertFalse(json.has("tps"));
    }

    @Test
    void theScoreIsUnderTheDeploymentsScoreFieldWhereTheVerifierReadsIt(@TempDir Path state) throws Exception {
        HarnessSummary s = Summaries.of("mtp-k4", 123.456, 2.31, true);

        Path file = SummaryJson.write(state, s, "tokens_per_s");

        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.mapper().readValue(file.toFile(), Map.class);
        assertEquals(123.456, ((Number) summary.get("tokens_per_s")).doubleValue(), 1e-12);
        assertEquals(123.456, ((Number) summary.get("score")).doubleValue(), 1e-12);
        ResultsConfig config = ResultsConfig.custom().scoreField("tokens_per_s").build();
        VerdictRules.Verdict v = VerdictRules.verdict(120.0, summary, config).orElseThrow();
        assertEquals(123.456, v.rerunScore(), 1e-12);
        assertTrue(v.scoreOk(), v::toString);
        assertEquals(s, SummaryJson.read(state), "the extra key does not disturb reading it back");
    }

    @Test
    void aScoreFieldNamingAnotherKeyIsRefused(@TempDir Path state) {
        for (String field : List.of("ppl", "speedup", "accuracy", "baseline_tps", "status", "message", "method")) {
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> SummaryJson.write(state, Summaries.of("m", 100, 2.31, true), field),
                    field);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("'" + field + "' is a key the harness writes"), e.getMessage());
            assertTrue(ScoreField.reserved().contains(field), field);
        }
        assertFalse(ScoreField.reserved().contains("score"));
        assertFalse(ScoreField.reserved().contains("tps"));
        assertFalse(Files.exists(state.resolve("summary.json")));
    }
}
