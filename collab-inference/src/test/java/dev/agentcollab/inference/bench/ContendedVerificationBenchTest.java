package dev.agentcollab.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The contended-verification bench's table and verdicts on a tiny model (what it measures is not asserted). */
class ContendedVerificationBenchTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void eachRoundPrintsBothTimingsAndJudgesTheClaimsAgainstTheBusyReRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<ContendedVerificationBench.Round> rounds =
                ContendedVerificationBench.run(new ContendedVerificationBench.Options(2, 1, 0, 32, 4, 2, 1, 5), out);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, rounds.size());
        for (ContendedVerificationBench.Round r : rounds) {
            assertEquals(1, r.quiet().submission().size());
            assertEquals(1, r.busy().baseline().size());
            assertTrue(
                    List.of(Verification.VALID, Verification.INVALID)
                            .contains(r.honest().state()),
                    table);
            double moved = Math.abs(r.speedupMove());
            assertEquals(
                    moved <= 0.25 ? Verification.VALID : Verification.INVALID,
                    r.honest().state(),
                    "the honest verdict follows the ratio's move: " + table);
        }
        assertTrue(table.contains("| round | quiet tok/s | busy tok/s |"), table);
        assertEquals(2, table.lines().filter(l -> l.matches("\\| [12] \\|.*")).count(), table);
        assertTrue(table.contains("honest claims valid: "), table);
    }

    @Test
    void badOptionsAreRefusedWithTheirNames() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.execute(
                new ContendedVerificationBenchCommand(System.out, new PrintStream(err)),
                new String[] {"--rounds", "0"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Commands.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rounds"), err.toString(StandardCharsets.UTF_8));
        assertThrows(
                IllegalArgumentException.class, () -> new ContendedVerificationBench.Options(1, 1, 0, 32, 4, 0, 1, 5));
    }
}
