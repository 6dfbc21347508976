package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's options parse without a GPU (the bench itself needs one). */
class CudaBenchArgsTest {

    @Test
    void defaultsAndOverrides() {
        Map<String, Integer> a = CudaBench.parse(new String[] {"--k", "4", "--hidden", "512"});
        assertEquals(4, a.get("k"));
        assertEquals(512, a.get("hidden"));
        assertEquals(12, a.get("layers"));
        assertEquals(32_768, a.get("vocab"));
    }

    @Test
    void unknownOptionNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CudaBench.parse(new String[] {"--kk", "4"}));
        assertTrue(e.getMessage().contains("--kk") && e.getMessage().contains("replays"), e.getMessage());
    }

    @Test
    void cpuTokensBeyondTheDecodedTokensAreRefused() {
        assertEquals(32, CudaBench.parse(new String[0]).get("cpu-tokens"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CudaBench.parse(new String[] {"--tokens", "16", "--cpu-tokens", "17"}));
        assertEquals("--cpu-tokens 17 exceeds --tokens 16", e.getMessage());
    }
}
