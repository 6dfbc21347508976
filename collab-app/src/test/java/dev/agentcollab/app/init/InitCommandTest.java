package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.app.onboarding.AgentReadme;
import dev.agentcollab.app.serve.ConfigValues;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.testkit.hub.FakeHfHub;
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
    void theNextStepNamesTheCommandTheToolWasStartedWith() {
        String before = System.getProperty(Launcher.PROPERTY);
        System.setProperty(Launcher.PROPERTY, "./collab");
        try {
            Run r = init(Map.of(), "--storage", "file");
            assertEquals(0, r.code(), r.err());
            assertTrue(
                    r.out()
                            .endsWith("collab init: start it with: ./collab serve --config "
                                    + dir.resolve("c/collab.yaml") + "\n"),
                    r.out());
        } finally {
            if (before == null) {
                System.clearProperty(Launcher.PROPERTY);
            } else {
                System.setProperty(Launcher.PROPERTY, before);
            }
        }
        Run plain = init(Map.of(), "--storage", "file", "--force");
        assertTrue(plain.out().contains("start it with: collab serve --config "), "tests run from classes, not a jar");
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

    @Test
    void aHubInitCreatesTheBucketsOnTheEndpointItIsGiven() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of("acme", "admin"));
            String endpoint = hub.endpoint().toString();
            Run r = init(Map.of("HF_TOKEN", "hf_organizer_token_0000"), "--storage", "hub", "--endpoint", endpoint);
            assertEquals(0, r.code(), r.err());
            assertTrue(hub.hasBucket(BucketId.parse("acme/speed-main-bucket")), r.out());
            assertTrue(hub.hasBucket(BucketId.parse("acme/speed-audit")), r.out());
            ServeConfig written = ServeConfig.load(dir.resolve("c/collab.yaml"), Map.of());
            assertEquals(hub.endpoint().toString(), written.hub().endpoint().toString());
            String readme = Files.readString(dir.resolve("c/AGENT_README.md"));
            assertTrue(
                    readme.contains("export HF_ENDPOINT=" + endpoint.replaceAll("/$", "") + "\n"),
                    "agents are told which Hub to use");
        }
    }

    @Test
    void aHubInitDefaultsToHfEndpointThenToHuggingFace() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of("acme", "admin"));
            Run r = init(
                    Map.of(
                            "HF_TOKEN",
                            "hf_organizer_token_0000",
                            "HF_ENDPOINT",
                            hub.endpoint().toString()),
                    "--storage",
                    "hub");
            assertEquals(0, r.code(), r.err());
            assertTrue(hub.hasBucket(BucketId.parse("acme/speed-main-bucket")), r.out());
        }
        InitCommand defaults = new InitCommand(System.out, System.err, Map.of());
        new CommandLine(defaults).parseArgs("--org", "a", "--slug", "b", "--no-metric");
        String plain = InitFiles.config(defaults, true);
        assertTrue(plain.contains("endpoint: \"https://huggingface.co\""), plain);
        assertFalse(
                AgentReadme.render(
                                ServeConfig.from(ConfigValues.parse(plain, "collab.yaml", Map.of(), dir)), "http://x")
                        .contains("HF_ENDPOINT"),
                "no line for huggingface.co itself");
    }

    @Test
    void aSecondRunReadsTheConfigurationAsServeDoes() throws Exception {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of("acme", "admin"));
            Map<String, String> env = Map.of("HF_TOKEN", "hf_organizer_token_0000");
            Run first =
                    init(env, "--storage", "hub", "--endpoint", hub.endpoint().toString());
            assertEquals(0, first.code(), first.err());
            // the Hub lost the buckets; the file names a dead endpoint, the environment the live one
            Files.writeString(
                    dir.resolve("c/collab.yaml"),
                    Files.readString(dir.resolve("c/collab.yaml"))
                            .replace(hub.endpoint().toString(), "http://127.0.0.1:9"));
            try (FakeHfHub other = FakeHfHub.start()) {
                other.addUser("organizer", "hf_organizer_token_0000", Map.of("acme", "admin"));
                Map<String, String> withOverride = new java.util.HashMap<>(env);
                withOverride.put("COLLAB_HUB_ENDPOINT", other.endpoint().toString());
                Run second = init(withOverride, "--storage", "hub");
                assertEquals(0, second.code(), second.err());
                assertTrue(second.out().contains("created the missing buckets"), second.out());
                assertTrue(other.hasBucket(BucketId.parse("acme/speed-main-bucket")));
            }
        }
    }
}
