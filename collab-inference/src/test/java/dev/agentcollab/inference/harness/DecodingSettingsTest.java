package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

class DecodingSettingsTest {
    @Test
    void aTemperatureTooSmallToSampleWithIsRefusedBeforeAnyModelLoads() {
        CollabException e =
                assertThrows(CollabException.class, () -> new DecodingSettings("plain", 0, 1e-310, 0, 1.0, 1, 1));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("temperature 1.0E-310 is too small"), e.getMessage());
        assertEquals(1e-300, new DecodingSettings("plain", 0, 1e-300, 0, 1.0, 1, 1).temperature());
        assertTrue(new DecodingSettings("plain", 0, 0, 0, 1.0, 1, 1).greedy());
    }
}
