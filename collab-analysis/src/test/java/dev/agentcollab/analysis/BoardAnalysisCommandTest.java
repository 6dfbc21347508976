package dev.agentcollab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardAnalysisCommandTest {

    @Test
    void analysesACentralBucketCopy(@TempDir Path central) throws Exception {
        Files.createDirectories(central.resolve("message_board"));
        Files.createDirectories(central.resolve("results"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(
                    central.resolve(
                            "message_board/20260601-1000" + String.format("%02d", i) + "-000_agent-" + (i % 3) + ".md"),
                    "---\nagent: agent-" + (i % 3)
                            + "\ntimestamp: 2026-06-01 10:00 UTC\n---\n\nspeculative decoding drafter acceptance k="
                            + (i % 4 + 3) + " tuned\n");
        }
        Files.writeString(
                central.resolve("results/20260601-110000-000_agent-1.md"),
                "---\nscore: 130.5\nmethod: mtp drafter k=7 speculative decoding\nstatus: agent-run\ndescription: drafter acceptance 0.7\n---\n");
        Files.writeString(central.resolve("results/README.md"), "not a result");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BoardAnalysisCommand.run(
                List.of("--board-dir", central.toString(), "--k", "4", "--seed", "3"),
                new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream()));

        String report = out.toString();
        assertEquals(0, status);
        assertTrue(report.startsWith("Idea concentration: 13 texts, 1 topics (k=2)"), report);
        assertTrue(report.contains("WARNING: agent collapse"), report);
        assertTrue(report.contains("Unexplored (nobody mentions them): quantization, cuda graphs"), report);
        String mentions = report.lines()
                .filter(l -> l.startsWith("Technique mentions: "))
                .findFirst()
                .orElseThrow();
        assertEquals(
                TechniqueCatalog.ofDefaults().techniques().stream()
                        .map(Technique::name)
                        .sorted()
                        .toList(),
                java.util.Arrays.stream(mentions.substring("Technique mentions: ".length())
                                .split("  "))
                        .map(m -> m.substring(0, m.indexOf('=')))
                        .toList(),
                "by name: " + mentions);
        assertTrue(mentions.startsWith("Technique mentions: compilation=0  cuda graphs=0  distillation=0"), mentions);
        assertTrue(mentions.endsWith("speculative decoding=13  tree decoding=0"), mentions);
        assertEquals("agent-2", BoardTexts.author("20260601-100000-000_agent-2.md", java.util.Optional.empty()));
    }

    @Test
    void rejectsMissingBoards(@TempDir Path empty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                1,
                BoardAnalysisCommand.run(List.of("--board-dir", empty.toString()), System.out, new PrintStream(err)));
        assertEquals(2, BoardAnalysisCommand.run(List.of("--k"), System.out, new PrintStream(err)));
        assertEquals(2, BoardAnalysisCommand.run(List.of(), System.out, new PrintStream(err)));
        assertEquals(
                2,
                BoardAnalysisCommand.run(
                        List.of("--board-dir", empty.toString(), "--url", "http://127.0.0.1:1"),
                        System.out,
                        new PrintStream(err)));
        ByteArrayOutputStream noClient = new ByteArrayOutputStream();
        assertEquals(
                1,
                BoardAnalysisCommand.run(
                        List.of("--url", "http://127.0.0.1:1"), System.out, new PrintStream(noClient, true)));
        assertTrue(noClient.toString().contains("--url needs the collab command's client"), noClient.toString());
    }

    @Test
    void aCollapseShareOutsideZeroToOneIsAUsageError(@TempDir Path central) {
        for (String bad : new String[] {"-1", "0", "1", "2"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = BoardAnalysisCommand.run(
                    List.of("--board-dir", central.toString(), "--collapse", bad),
                    new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true));
            assertEquals(2, status, bad);
            assertTrue(err.toString().contains("--collapse must be a share between 0 and 1"), err.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                2,
                BoardAnalysisCommand.run(
                        List.of("--board-dir", central.toString(), "--k", "0"),
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true)));
        assertTrue(err.toString().contains("--k must be at least 1"), err.toString());
    }
}
