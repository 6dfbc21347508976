package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.service.identity.TokenFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void forceRegeneratesTheConfigurationButKeepsTheIssuedTokens() throws Exception {
        Run first = init(Map.of(), "--storage", "file");
        assertEquals(0, first.code(), first.err());
        Path tokens = dir.resolve("c/tokens.yaml");
        Files.writeString(tokens, "  hf_issued_to_ada_01: {user: ada}\n", StandardOpenOption.APPEND);
        String issued = Files.readString(tokens);

        Run forced = init(Map.of(), "--storage", "file", "--force", "--port", "18481");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.readString(dir.resolve("c/collab.yaml")).contains("port: 18481"));
        assertEquals(issued, Files.readString(tokens), "issued tokens stay valid");
        assertTrue(forced.out().contains("collab init: regenerated " + dir.resolve("c/collab.yaml")), forced.out());
        assertTrue(
                forced.out().contains("collab init: kept " + tokens + ": the tokens issued from it stay valid"),
                forced.out());
        assertFalse(forced.out().contains("organizer token"), forced.out());
        // the organizer token the first run printed still opens the regenerated configuration
        String organizer = first.out()
                .lines()
                .filter(l -> l.startsWith("collab init: organizer token (in tokens.yaml): "))
                .findFirst()
                .orElseThrow()
                .substring("collab init: organizer token (in tokens.yaml): ".length());
        ServeConfig config = ServeConfig.load(dir.resolve("c/collab.yaml"), Map.of());
        assertTrue(TokenFile.read(config.identity().tokensFile().orElseThrow(), Optional.of("acme")).stream()
                .anyMatch(e -> e.token().equals(organizer) && e.role().equals("admin")));
    }

    @Test
    void regenerateTokensReplacesTheTokenFileOnlyWithForce() throws Exception {
        assertEquals(0, init(Map.of(), "--storage", "file").code());
        Path tokens = dir.resolve("c/tokens.yaml");
        String before = Files.readString(tokens);

        Run alone = init(Map.of(), "--storage", "file", "--regenerate-tokens");
        assertEquals(2, alone.code(), alone.out());
        assertTrue(alone.err().contains("--regenerate-tokens rewrites the files, so it needs --force"), alone.err());
        assertEquals(before, Files.readString(tokens));

        Run both = init(Map.of(), "--storage", "file", "--force", "--regenerate-tokens");
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().contains("regenerated tokens.yaml: every token issued before is revoked"), both.out());
        assertTrue(both.out().contains("organizer token (in tokens.yaml): "), both.out());
        assertFalse(Files.readString(tokens).equals(before));
    }
}
