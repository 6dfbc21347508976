package dev.agentcollab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree's conventions: help and version exit 0 everywhere, bad arguments exit 2 with one line. */
class CollabMainTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithExitZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(CollabMain.commandLine(System.out, System.err), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 12, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), path + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: collab"), path + ": " + r.out());
            assertEquals("", r.err(), path.toString());
        }
        for (String name : List.of("init", "serve", "demo", "bucket", "token", "bench", "harness", "analyze")) {
            assertTrue(paths.contains(List.of(name)), name);
        }
    }

    @Test
    void everyDescriptionLineIsWholeSentences() {
        // picocli prints each description element on a line of its own and a parent's command list shows only the
        // first: an element cut mid-sentence reads as a truncated summary
        List<CommandLine> all = new ArrayList<>();
        commands(CollabMain.commandLine(System.out, System.err), all);
        for (CommandLine cl : all) {
            for (String line : cl.getCommandSpec().usageMessage().description()) {
                assertTrue(
                        line.strip().matches("(?s).*[.?!:)]"),
                        cl.getCommandSpec().qualifiedName() + ": '" + line + "'");
            }
        }
    }

    private static void commands(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        cl.getSubcommands().values().forEach(sub -> commands(sub, out));
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            collect(sub, p, out);
        });
    }

    @Test
    void versionNamesTheProjectVersion() {
        CliRun r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("(?s)collab \\d+\\.\\d+\\.\\d+.*\\nJava .*"), r.out());
        assertEquals(r.out(), run("serve", "--version").out());
        assertEquals(r.out(), run("analyze", "--version").out());
    }

    @Test
    void badArgumentsExitTwoWithOneClearLine() {
        for (String[] args : List.of(
                new String[] {"frobnicate"},
                new String[] {"serve", "--port", "eighty"},
                new String[] {"demo", "--bogus"},
                new String[] {"harness", "--state-dir", "/tmp/x"},
                new String[] {"bench", "spec-decode", "--k", "x"},
                new String[] {"analyze"},
                new String[] {"bucket", "cp", "only-one"})) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("collab"), r.err());
            assertTrue(r.err().contains("--help"), r.err());
            assertEquals("", r.out());
        }
        CliRun missing = run("harness", "--state-dir", "/tmp/x");
        assertTrue(missing.err().contains("--submission-dir"), missing.err());
    }
}
