package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code collab init} run twice, and on the Hub without a token. */
class InitCommandTest {
    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {}

    private Run init(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--dir", dir.resolve("c").toString(), "--org", "acme"));
        all.addAll(List.of("--slug", "speed", "--goal", "Decode faster.", "--metric", "tps"));
        all.addAll(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new CommandLine(new InitCommand(o, e, env)).execute(all.toArray(String[]::new));
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHubInitWithoutATokenWritesNothingAndSaysWhatIsMissing() {
        Run r = init(Map.of(), "--storage", "hub");
        assertEquals(1, r.code(), r.out());
        assertEquals(
                "collab init: creating the Hub buckets needs a token: set HF_TOKEN to a token that may write the"
                        + " org's buckets, and run again\n",
                r.err());
        assertFalse(Files.exists(dir.resolve("c/collab.yaml")), "a second run would stop at it");
    }

    @Test
    void aSecondRunKeepsTheFilesAndCreatesBucketsTheFirstCouldNot() throws Exception {
        Run first = init(Map.of(), "--storage", "file");
        assertEquals(0, first.code(), first.err());
        String yaml = Files.readString(dir.resolve("c/collab.yaml"));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve("c/tokens.yaml"))),
                "the token file is the owner's only");
        Path central = dir.resolve("c/data/buckets/acme/speed-main-bucket");
        assertTrue(Files.isDirectory(central), first.out());
        try (Stream<Path> files = Files.walk(central)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        Run second = init(Map.of(), "--storage", "file");
        assertEquals(0, second.code(), second.err());
        assertTrue(
                second.out()
                        .contains("exists; nothing changed (--force regenerates it); created the missing"
                                + " buckets acme/speed-main-bucket"),
                second.out());
        assertTrue(Files.isDirectory(central));
        assertEquals(yaml, Files.readString(dir.resolve("c/collab.yaml")));

        Run third = init(Map.of(), "--storage", "file");
        assertTrue(third.out().endsWith("exists; nothing changed (--force regenerates it)\n"), third.out());
    }
}
