package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab harness} argument errors: one line naming the problem and exit 2, before anything runs. */
class HarnessCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--submission-dir",
                tmp.resolve("sub").toString(),
                "--state-dir",
                tmp.resolve("state").toString()));
        args.addAll(List.of(extra));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Commands.execute(
                new HarnessCommand(Map.of(), o, e, Ticker.system(), InstantSource.system()),
                args.toArray(String[]::new),
                o,
                e);
    }

    private String oneLineError() {
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("Exception"), e);
        return e;
    }

    @Test
    void aScoreFieldCollidingWithAnotherKeyIsRefused() {
        for (String field : List.of("ppl", "speedup", "accuracy", "quality")) {
            err.reset();
            assertEquals(2, run("--score-field", field), field);
            String e = oneLineError();
            assertTrue(e.contains("--score-field '" + field + "' is a key the harness writes itself"), e);
            assertTrue(e.contains("reserved: acceptance_rate, accuracy, accuracy_items"), e);
        }
        assertFalse(Files.exists(tmp.resolve("state/summary.json")), "refused before the run");
    }
}
