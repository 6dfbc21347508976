package dev.agentcollab.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private final Sampler sampler = new Sampler(5);
    private final float[] logits = {1f, 3f, 2f, 3f, 0f};

    @Test
    void greedyIsArgmaxWithTheLowestIdOnTies() {
        float[] p = new float[5];
        sampler.distribution(logits, 0, SamplingOptions.greedy(), p, 0);
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, p);
        assertEquals(1, Sampler.argmax(logits, 0, 5));
    }

    @Test
    void temperatureTopKAndTopPShapeTheDistribution() {
        float[] p = new float[5];
        sampler.distribution(logits, 0, SamplingOptions.temperature(1.0), p, 0);
        double z = Math.exp(1) + 2 * Math.exp(3) + Math.exp(2) + 1;
        assertEquals(Math.exp(2) / z, p[2], 1e-6);
        sampler.distribution(logits, 0, new SamplingOptions(1.0, 2, 1.0), p, 0);
        assertArrayEquals(new float[] {0, 0.5f, 0, 0.5f, 0}, p, 1e-6f);
        // top-p 0.75: the two 3s hold 2e^3/z = 0.783 of the mass, enough
        sampler.distribution(logits, 0, new SamplingOptions(1.0, 0, 0.75), p, 0);
        assertArrayEquals(new float[] {0, 0.5f, 0, 0.5f, 0}, p, 1e-6f);
        // top-p 0.8 also needs the 2
        sampler.distribution(logits, 0, new SamplingOptions(1.0, 0, 0.8), p, 0);
        double kept = 2 * Math.exp(3) + Math.exp(2);
        assertEquals(Math.exp(2) / kept, p[2], 1e-6);
        assertEquals(0f, p[0]);
    }

    @Test
    void topPIsTakenOverTheTopKRenormalisedDistribution() {
        // p = [0.5, 0.3, 0.1, 0.1]; top-k 2 leaves [0.625, 0.375] (HF/vLLM apply top-p to the renormalised top-k
        // distribution), and 0.625 already reaches top-p 0.6, so only token 0 is kept
        Sampler four = new Sampler(4);
        float[] l = {(float) Math.log(5), (float) Math.log(3), 0f, 0f};
        float[] p = new float[4];
        four.distribution(l, 0, new SamplingOptions(1.0, 2, 0.6), p, 0);
        assertArrayEquals(new float[] {1, 0, 0, 0}, p, 1e-6f);
        // top-p 0.7 is not reached by 0.625, so both top-k tokens stay
        four.distribution(l, 0, new SamplingOptions(1.0, 2, 0.7), p, 0);
        assertArrayEquals(new float[] {0.625f, 0.375f, 0, 0}, p, 1e-6f);
    }

    @Test
    void inverseCdfAndLogProb() {
        float[] p = {0.1f, 0.2f, 0f, 0.7f, 0f};
        assertEquals(0, sampler.sample(p, 0, 0.05));
        assertEquals(1, sampler.sample(p, 0, 0.15));
        assertEquals(3, sampler.sample(p, 0, 0.31));
        assertEquals(3, sampler.sample(p, 0, 0.99999999));
        double z = Math.exp(1) + 2 * Math.exp(3) + Math.exp(2) + 1;
        assertEquals(3 - Math.log(z), sampler.logProb(logits, 0, 1), 1e-6);
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SamplingOptions.temperature(0));
    }

    @Test
    void aTemperatureWhoseReciprocalOverflowsIsRefusedAndTheSmallestUsableOneActsLikeArgmax() {
        // 1 / 1e-310 is infinite: (max - max) * inf is NaN, so the distribution used to be all NaN and the draw token 0
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SamplingOptions.temperature(1e-310));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SamplingOptions(Double.MIN_VALUE, 0, 1));
        Sampler sampler = new Sampler(4);
        float[] p = new float[4];
        sampler.distribution(new float[] {0f, 2f, 1f, 1.5f}, 0, SamplingOptions.temperature(Double.MIN_NORMAL), p, 0);
        assertArrayEquals(new float[] {0f, 1f, 0f, 0f}, p);
        assertEquals(1, sampler.sample(p, 0, 0.999));
    }
}
