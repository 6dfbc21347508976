package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The E4B load smoke command's own logic, on a tiny shape: sparse writer, marked rows, argmax checks. */
class E4bLoadSmokeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void sparseCheckpointLoadsAndPassesItsChecks(WeightFormat format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        boolean ok = E4bLoadSmoke.run(dir.resolve("m"), TinyModels.target(), format, 2, out);
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, report);
        assertTrue(report.contains("per-layer embedding row 95 gathered exactly"), report);
        assertTrue(report.contains("argmax 95 (expected 95)"), report);
    }
}
