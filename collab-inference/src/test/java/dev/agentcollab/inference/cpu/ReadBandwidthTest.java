package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReadBandwidthTest {

    @Test
    void aPassReadsEveryValueOnceAndReportsARate() {
        int bytes = 1 << 20;
        try (ReadBandwidth probe = new ReadBandwidth(2, bytes)) {
            assertTrue(probe.pass() > 0);
            double expected = 0;
            for (int i = 0; i < bytes / Float.BYTES; i++) {
                expected += (i & 1023) * 1e-3f;
            }
            // every row is multiplied by a vector of ones, so the row sums add up to the sum of the whole array
            assertEquals(expected, probe.checksum(), expected * 1e-4);
        }
    }

    @Test
    void anUntimedReadStreamsTheWholeArrayInEachPattern() {
        int bytes = 1 << 20;
        for (int threads : new int[] {1, 2}) {
            try (ReadBandwidth probe = new ReadBandwidth(threads, bytes)) {
                assertEquals(bytes, probe.bytes());
                double expected = 256 * (1023 * 1024 / 2) * 1e-3; // 256 rows of 0.000 .. 1.023
                for (ReadBandwidth.Pattern pattern : ReadBandwidth.Pattern.values()) {
                    probe.read(pattern);
                    assertEquals(expected, probe.checksum(), expected * 1e-4, pattern + ", " + threads + " threads");
                }
                long[] clock = {0, 50, 60, 80}; // adjacent rows take 50, runs 20
                int[] reading = {0};
                assertEquals(20, probe.fastest(() -> clock[reading[0]++]), "the faster of the two patterns");
                assertEquals(4, reading[0], "each pattern timed once");
            }
        }
    }

    @Test
    void refusesAProbeSmallerThanOneBlock() {
        assertThrows(IllegalArgumentException.class, () -> new ReadBandwidth(1, 1024));
    }
}
