package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the main job once end to end on file buckets in a temporary folder, as {@code ./collab demo} does (agents
 * register and talk, three benchmark jobs run as child JVMs, results are promoted, the verifier re-runs new best
 * claims), then checks what it printed, what it left in the buckets, and that a restarted deployment serves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollabAppTest {
    private Path data;
    private String printed;

    @BeforeAll
    void runTheDemoOnce(@TempDir Path dir) {
        data = dir;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CollabApp.run(
                new String[] {"--port", "0", "--data", data.toString(), "--exit-after-demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsEveryIdentitysTokenSoAnOutsideHarnessCanJoin() {
        for (String agent : List.of("drafter-lab", "kernel-smith", "eval-keeper")) {
            assertTrue(
                    printed.lines().anyMatch(l -> l.contains("runs agent " + agent + ")") && l.contains("hf_local_")),
                    printed);
        }
        assertTrue(printed.lines().anyMatch(l -> l.contains("organizer (admin)") && l.contains("hf_local_")), printed);
    }

    @Test
    void agentsRegisterTalkAndBenchmarkThroughJobs() {
        assertTrue(printed.contains("register agent drafter-lab"), printed);
        assertTrue(printed.contains("drafter-lab posts a plan in #drafting"), printed);
        assertEquals(
                3,
                printed.lines()
                        .filter(l -> l.contains("launched benchmark job"))
                        .count(),
                printed);
        assertTrue(printed.lines().anyMatch(l -> l.matches(".*verifier: \\S+ is (valid|invalid)")), printed);
        assertTrue(printed.contains("dashboard ready at http://127.0.0.1:"), printed);
        assertTrue(printed.contains("how concentrated the collaboration's ideas are"), printed);
        assertTrue(printed.toLowerCase(Locale.ROOT).contains("entropy"), printed);
    }

    @Test
    void leaderboardRanksExactlyThePassingUnrejectedResults() throws Exception {
        List<JsonNode> summaries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data.resolve("runs"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("summary.json"))
                    .toList()) {
                summaries.add(Json.mapper().readTree(p.toFile()));
            }
        }
        assertEquals(3, summaries.size(), "one summary.json per demo submission");
        for (JsonNode json : summaries) {
            assertTrue(json.get("tps").asDouble() > 0, json.toString());
            String agent =
                    switch (json.get("submission").asText()) {
                        case "demo-plain" -> "eval-keeper";
                        case "demo-mtp-k3" -> "drafter-lab";
                        default -> "kernel-smith";
                    };
            boolean rejected =
                    printed.lines().anyMatch(l -> l.matches(".*verifier: \\S+_" + agent + "\\.md is invalid"));
            boolean ranked = printed.lines().anyMatch(l -> l.matches("\\s+\\d+\\s+" + agent + "\\s+.*"));
            assertEquals(
                    json.get("ppl_pass").asBoolean() && !rejected,
                    ranked,
                    agent + " is ranked iff its perplexity gate passed and the verifier did not reject it: " + printed);
        }
    }

    @Test
    void recordSurvivesARestartAndIsServedOverHttp() throws Exception {
        AppOptions options = AppOptions.parse(List.of("--port", "0", "--data", data.toString()));
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(1));
        try (LocalCollaboration again = LocalCollaboration.start(options, cast)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> results = http.send(
                    HttpRequest.newBuilder(again.baseUri().resolve("/v1/results?limit=0"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, results.statusCode(), results.body());
            JsonNode body = Json.mapper().readTree(results.body());
            assertEquals(3, body.get("count").asInt(), results.body());
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(again.baseUri()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), page.body());
        }
    }
}
