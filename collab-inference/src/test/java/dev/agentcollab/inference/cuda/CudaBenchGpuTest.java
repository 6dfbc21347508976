package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link CudaBench} end to end on a very small model (skipped without a GPU; on fakecuda its timings mean nothing). */
class CudaBenchGpuTest {

    @Test
    void benchPrintsItsTablesAndSpeculationKeepsThePlainOutput() {
        GpuTest.requireGpu();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CudaBench.run(
                CudaBench.parse(new String[] {
                    "--hidden",
                    "64",
                    "--layers",
                    "2",
                    "--vocab",
                    "256",
                    "--k",
                    "2",
                    "--tokens",
                    "6",
                    "--replays",
                    "2",
                    "--warmup",
                    "0",
                    "--cpu-tokens",
                    "6"
                }),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String table = buf.toString(StandardCharsets.UTF_8);
        for (String mode : new String[] {"eager launches", "CUDA graphs"}) {
            assertTrue(table.contains("| " + mode + " | plain greedy |"), table);
            assertTrue(table.contains("| " + mode + " | speculative K=2 |"), table);
        }
        for (String mode : new String[] {"eager launches", "CUDA graphs"}) {
            assertTrue(
                    table.contains("| " + mode + " | speculative K=2, drafts steered to Gemma 4's MTP profile |"),
                    table);
        }
        assertEquals(
                4,
                table.lines()
                        .filter(l -> l.contains("speculative") && l.endsWith("| yes |"))
                        .count(),
                table);
        assertTrue(
                table.lines().filter(l -> l.contains("steered")).allMatch(l -> !l.contains("| 1.00 |")),
                "steered drafts are accepted: " + table);
        assertTrue(table.contains("graph nodes, 1 launch"), table);
        assertTrue(table.contains("graph and eager drafts are identical"), table);
        assertFalse(table.contains("MISMATCH"), table);
        assertTrue(table.contains("| max abs logit difference after the 32-token prompt |"), table);
        assertTrue(table.contains("| greedy tokens in common from the start | 6 of 6 |"), table);
    }
}
