package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import org.junit.jupiter.api.Test;

/** A prompt line names what is wrong with it: an empty prompt is empty, not missing. */
class PromptItemTest {
    @Test
    void anEmptyPromptIsNamedEmptyAndAMissingOneMissing() {
        assertEquals(
                "prompt p1 is empty: prompt_token_ids is []",
                assertThrows(CollabException.class, () -> new PromptItem("p1", null, new int[0]))
                        .getMessage());
        assertEquals(
                "prompt p2 is empty: prompt is \"\"",
                assertThrows(CollabException.class, () -> new PromptItem("p2", "", null))
                        .getMessage());
        assertEquals(
                "prompt p3 needs exactly one of prompt or prompt_token_ids",
                assertThrows(CollabException.class, () -> new PromptItem("p3", null, null))
                        .getMessage());
        assertEquals(
                "prompt p4 needs exactly one of prompt or prompt_token_ids",
                assertThrows(CollabException.class, () -> new PromptItem("p4", "text", new int[] {1}))
                        .getMessage());
        assertArrayEquals(new int[] {1, 2}, new PromptItem("p5", "", new int[] {1, 2}).promptTokenIds());
    }
}
