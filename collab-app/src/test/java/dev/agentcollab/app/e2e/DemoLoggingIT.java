package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo's stderr with INFO logging on: SLF4J is bound (no "no providers" warning), every log record is
 * one line (no java.util.logging two-line records, no stack traces), and a machine without CUDA says so in one line.
 */
class DemoLoggingIT {
    /** A record of the simple backend: {@code 2026-12-01T17:20:00.123Z INFO CudaBackendProvider - ...}. */
    private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S* (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");

    /** The first line of a java.util.logging SimpleFormatter record: {@code Dec 01, 2026 5:20:00 PM some.Class method}. */
    private static final Pattern JUL_HEADER =
            Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M \\S+.*");

    private static final Pattern STACK_LINE = Pattern.compile("^\\s+at \\S+\\(.*\\)$|^Caused by: .*");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyLogRecordOfTheDemoIsOneLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CollabProcess.jar().toString(),
                "demo",
                "--port",
                "0",
                "--data",
                dir.resolve("data").toString(),
                "--exit-after-demo"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COLLAB_") || k.startsWith("HF_"));
        pb.environment().put("COLLAB_LOG_LEVEL", "info");
        Process p = pb.start();
        boolean ended = p.waitFor(9, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String all = String.join("\n", lines);
        assertTrue(ended, "the demo did not end within 9 minutes; stderr:\n" + all);
        assertEquals(0, p.exitValue(), Files.readString(out) + all);

        assertFalse(all.contains("SLF4J"), "SLF4J is bound and says nothing about itself:\n" + all);
        for (String line : lines) {
            assertFalse(JUL_HEADER.matcher(line).matches(), () -> "a java.util.logging record: " + line + "\n" + all);
            assertFalse(STACK_LINE.matcher(line).matches(), () -> "a stack trace line: " + line + "\n" + all);
        }
        List<String> records =
                lines.stream().filter(l -> RECORD.matcher(l).matches()).toList();
        assertFalse(records.isEmpty(), "INFO records are printed with COLLAB_LOG_LEVEL=info:\n" + all);
        List<String> cuda =
                lines.stream().filter(l -> l.contains("CUDA unavailable")).toList();
        for (String line : cuda) {
            assertTrue(RECORD.matcher(line).matches(), () -> "the missing CUDA is one record line: " + line);
            assertTrue(line.length() < 400, () -> "the missing CUDA is one short line: " + line);
        }
    }
}
