package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Proportional RoPE frequencies, by hand, as HF {@code _compute_proportional_rope_parameters} defines them. */
class RopeConfigTest {
    @Test
    void e4bGlobalLayersRotateTheFirst64Of256PairsOverTheFullHeadDim() {
        double[] inv = new RopeConfig(1_000_000.0, 0.25).inverseFrequencies(512);
        assertEquals(256, inv.length);
        assertEquals(1.0, inv[0]);
        assertEquals(Math.pow(1_000_000.0, -2.0 / 512), inv[1], 1e-15);
        assertEquals(Math.pow(1_000_000.0, -126.0 / 512), inv[63], 1e-15);
        assertEquals(0.0, inv[64]);
        assertEquals(0.0, inv[255]);
    }

    @Test
    void rotatingPairsAreRoundedDownLikeHf() {
        // rope_angles = int(0.3 * 512 // 2) = int(76.8) = 76: pairs 0..75 rotate, 76.. do not
        double[] inv = new RopeConfig(10_000.0, 0.3).inverseFrequencies(512);
        assertTrue(inv[75] > 0);
        assertEquals(0.0, inv[76]);
    }
}
