package dev.agentcollab.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cpu.WeightFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forward-cost table has a Q8_0 row by default, with its smaller bytes per token. */
class Q8ForwardCostRowTest {
    @Test
    void theForwardCostTableMeasuresQ8Weights() {
        assertEquals(
                List.of(WeightFormat.F32, WeightFormat.BF16, WeightFormat.Q8_0),
                BenchArgs.parse(new String[0]).formats());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchArgs args = BenchArgs.parse(new String[] {
            "--hidden",
            "256",
            "--layers",
            "2",
            "--vocab",
            "4096",
            "--repeats",
            "1",
            "--threads",
            "1",
            "--k",
            "4",
            "--spec",
            "false",
            "--formats",
            "f32,q8_0"
        });
        SpecDecodeBench.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String table = buf.toString(StandardCharsets.UTF_8);
        List<String> rows = table.lines()
                .takeWhile(l -> !l.startsWith("speculative decoding modelled")) // the forward-cost table only
                .filter(l -> l.startsWith("| f32 |") || l.startsWith("| q8_0 |"))
                .toList();
        assertEquals(2, rows.size(), table);
        double f32Mb = Double.parseDouble(rows.get(0).split("\\|")[2].strip());
        double q8Mb = Double.parseDouble(rows.get(1).split("\\|")[2].strip());
        assertTrue(q8Mb < 0.45 * f32Mb, "MB per token: " + table);
        assertTrue(rows.get(1).contains("x |"), "the 5 vs 1 ratio: " + table);
    }
}
