package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

class BackendPreferenceTest {

    @Test
    void parsesTheThreeValuesInAnyCase() {
        assertEquals(BackendPreference.CPU, BackendPreference.parse("cpu"));
        assertEquals(BackendPreference.CUDA, BackendPreference.parse(" CUDA "));
        assertEquals(BackendPreference.CUDA, BackendPreference.parse("gpu"));
        assertEquals(BackendPreference.AUTO, BackendPreference.parse("Auto"));
    }

    @Test
    void absentOrBlankMeansAuto() {
        assertEquals(BackendPreference.AUTO, BackendPreference.parse(null));
        assertEquals(BackendPreference.AUTO, BackendPreference.parse("  "));
    }

    @Test
    void unknownValueIsAnInvalidRequestNamingTheProperty() {
        CollabException e = assertThrows(CollabException.class, () -> BackendPreference.parse("tpu"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(
                "set -D" + BackendPreference.PROPERTY + "=cpu|cuda|auto",
                e.hint().orElseThrow());
    }
}
