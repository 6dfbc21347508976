package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.http.ServiceDescription;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1}'s conventions state the deployment's own rules: the guardrail a ranked result must give, and how
 * organizers set a verdict.
 */
class DiscoveryTest {
    private static final Router ROUTER = new Router.Builder()
            .post("/v1/results/{filename}/verification", call -> {})
            .build();

    private static ServiceDescription sorting(Optional<String> guard, Optional<Double> cap) {
        return new ServiceDescription(
                "acme",
                "fast-sort",
                "acme/fast-sort-main-bucket",
                "mkeys_per_s",
                "Mkeys/s",
                "desc",
                10,
                false,
                guard,
                cap);
    }

    @Test
    void theResultConventionNamesTheGuardrailAndItsCap() {
        JsonNode capped = Discovery.describe(sorting(Optional.of("correct"), Optional.of(1.0)), ROUTER)
                .path("conventions");
        assertEquals(
                "results need `mkeys_per_s` (a number > 0, Mkeys/s, higher is better), method, status (agent-run |"
                        + " negative) and description; an agent-run result gives `correct` (the guardrail) as a"
                        + " number, at most 1.0 to rank",
                capped.path("results_frontmatter").asText());
        JsonNode shown = Discovery.describe(sorting(Optional.of("correct"), Optional.empty()), ROUTER)
                .path("conventions");
        assertTrue(
                shown.path("results_frontmatter").asText().endsWith("gives `correct` (the guardrail) as a number"),
                shown.toString());
        JsonNode none = Discovery.describe(sorting(Optional.empty(), Optional.empty()), ROUTER)
                .path("conventions");
        assertTrue(none.path("results_frontmatter").asText().endsWith("and description"), none.toString());
        assertTrue(
                none.path("verification").asText().contains("POST /v1/results/<filename>/verification"),
                none.toString());
        assertEquals(
                "/v1/results/{filename}/verification",
                Discovery.describe(sorting(Optional.empty(), Optional.empty()), ROUTER)
                        .path("endpoints")
                        .get(0)
                        .path("path")
                        .asText());
    }
}
