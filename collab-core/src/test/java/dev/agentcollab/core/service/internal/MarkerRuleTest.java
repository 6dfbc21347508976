package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

class MarkerRuleTest {
    @Test
    void markerMustBeAWholeAgentId() {
        assertDoesNotThrow(() -> Names.requireMarker("plots/curve_agent-1.png", "agent-1", "shared_resources"));
        assertDoesNotThrow(() -> Names.requireMarker("tokenizers/bpe_agent-1/vocab.json", "agent-1", "x"));
        CollabException e = assertThrows(
                CollabException.class, () -> Names.requireMarker("plots/curve_agent-10.png", "agent-1", "x"));
        assertEquals(ErrorCode.INVALID_PATH, e.code());
        assertThrows(CollabException.class, () -> Names.requireMarker("tokenizers/agent-1_bpe.json", "agent-1", "x"));
    }

    @Test
    void everyExampleInTheHintSatisfiesTheRule() {
        CollabException e =
                assertThrows(CollabException.class, () -> Names.requireMarker("x.json", "agent-7", "taskforce file"));
        String hint = e.hint().orElseThrow();
        for (String example : hint.split("'")) {
            if (example.contains("/")) {
                assertDoesNotThrow(() -> Names.requireMarker(example, "agent-7", "x"), example);
            }
        }
    }
}
