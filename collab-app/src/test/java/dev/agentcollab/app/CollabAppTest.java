package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the main job end to end on file buckets in a temporary folder, as {@code ./collab demo} does. */
class CollabAppTest {
    @TempDir
    Path data;

    @Test
    void demoRegistersAgentsBenchmarksAndRanksTheResult() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CollabApp.run(
                new String[] {"--port", "0", "--data", data.toString(), "--exit-after-demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("register agent drafter-lab"), printed);
        assertTrue(printed.contains("dashboard ready at http://127.0.0.1:"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.matches("\\s+1\\s+(drafter-lab|eval-keeper)\\s+.*")), printed);

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
            String submission = json.get("submission").asText();
            String agent =
                    switch (submission) {
                        case "demo-plain" -> "eval-keeper";
                        case "demo-mtp-k3" -> "drafter-lab";
                        default -> "kernel-smith";
                    };
            boolean ranked = printed.lines().anyMatch(l -> l.matches("\\s+\\d+\\s+" + agent + "\\s+.*"));
            assertEquals(
                    json.get("ppl_pass").asBoolean(),
                    ranked,
                    agent + " ranked iff its perplexity gate passed: " + printed);
        }
    }

    @Test
    void recordSurvivesARestartAndIsServedOverHttp() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(
                0,
                CollabApp.run(
                        new String[] {"--port", "0", "--data", data.toString(), "--exit-after-demo"},
                        quiet,
                        quiet,
                        false));
        AppOptions options = AppOptions.parse(List.of("--port", "0", "--data", data.toString()));
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(1));
        try (LocalCollaboration again = LocalCollaboration.start(options, cast)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> board = http.send(
                    HttpRequest.newBuilder(again.baseUri().resolve("/v1/leaderboard"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, board.statusCode(), board.body());
            assertTrue(board.body().contains("drafter-lab"), board.body());
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(again.baseUri()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), page.body());
        }
    }
}
