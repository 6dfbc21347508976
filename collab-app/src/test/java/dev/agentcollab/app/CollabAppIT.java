package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.claim.WriterClaim;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the main job once end to end on file buckets in a temporary folder: the packaged {@code collab demo} as its
 * own process, with INFO logging (agents register and talk, four benchmark jobs run as child JVMs, results are
 * promoted, the verifier re-runs new best claims). Then checks what it printed, that every log record is one line,
 * what it left in the buckets, and that a restarted deployment serves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CollabAppIT {
    /** A record of the simple backend: {@code 2026-12-01T17:20:00.123Z INFO CudaBackendProvider - ...}. */
    private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S* (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");

    /** The first line of a java.util.logging SimpleFormatter record: {@code Dec 01, 2026 5:20:00 PM some.Class method}. */
    private static final Pattern JUL_HEADER =
            Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M \\S+.*");

    private static final Pattern STACK_LINE = Pattern.compile("^\\s+at \\S+\\(.*\\)$|^Caused by: .*");

    private Path data;
    private String printed;
    private List<String> errLines;

    @BeforeAll
    void runTheDemoOnce(@TempDir Path dir) throws Exception {
        data = dir.resolve("data");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = demo().redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("COLLAB_LOG_LEVEL", "info");
        Process p = pb.start();
        boolean ended = p.waitFor(9, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        printed = Files.readString(out, StandardCharsets.UTF_8);
        errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String all = printed + String.join("\n", errLines);
        assertTrue(ended, "the demo did not end within 9 minutes:\n" + all);
        assertEquals(0, p.exitValue(), all);
    }

    /** The packaged {@code collab demo} on {@link #data}, stopping after the demo, with the environment cleaned. */
    private ProcessBuilder demo() {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of(System.getProperty("collab.jar")).toString(),
                "demo",
                "--port",
                "0",
                "--data",
                data.toString(),
                "--exit-after-demo");
        pb.environment().keySet().removeIf(k -> k.startsWith("COLLAB_") || k.startsWith("HF_"));
        return pb;
    }

    @Test
    void aSecondDemoOnTheSameFolderServesTheRecordInsteadOfFailing() throws Exception {
        Process p = demo().redirectErrorStream(true).start();
        String again = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), again);
        assertEquals(0, p.exitValue(), again);
        assertTrue(again.contains("already holds a played demo"), again);
        assertTrue(again.contains("dashboard ready at http://127.0.0.1:"), again);
        assertFalse(again.contains("ALREADY_PROMOTED"), again);
    }

    @Test
    void aServingDemoStoppedWithSigtermReleasesTheFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("serving.txt");
        ProcessBuilder pb = demo().redirectErrorStream(true).redirectOutput(out.toFile());
        pb.command().remove("--exit-after-demo"); // serve until stopped
        Process p = pb.start();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("collab: serving;")
                && p.isAlive()
                && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        p.destroy(); // SIGTERM, as Ctrl-C or docker stop
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), Files.readString(out, StandardCharsets.UTF_8));
        String seen = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(seen.contains("collab: serving; press Ctrl-C to stop"), seen);
        assertTrue(seen.contains("collab: stopped"), seen);
        try (FileSystemBucketStore store = FileSystemBucketStore.open(data.resolve("buckets"))) {
            assertFalse(
                    store.read(BucketId.parse("local-collab/fast-gemma-audit"), BucketPath.of(WriterClaim.FILE))
                            .isPresent(),
                    "a clean stop releases the claim on the folder:\n" + seen);
        }
    }

    @Test
    void everyLogRecordOfTheDemoIsOneLine() {
        String all = String.join("\n", errLines);
        assertFalse(all.contains("SLF4J"), "SLF4J is bound and says nothing about itself:\n" + all);
        for (String line : errLines) {
            assertFalse(JUL_HEADER.matcher(line).matches(), () -> "a java.util.logging record: " + line + "\n" + all);
            assertFalse(STACK_LINE.matcher(line).matches(), () -> "a stack trace line: " + line + "\n" + all);
        }
        List<String> records =
                errLines.stream().filter(l -> RECORD.matcher(l).matches()).toList();
        assertFalse(records.isEmpty(), "INFO records are printed with COLLAB_LOG_LEVEL=info:\n" + all);
        List<String> cuda =
                errLines.stream().filter(l -> l.contains("CUDA unavailable")).toList();
        for (String line : cuda) {
            assertTrue(RECORD.matcher(line).matches(), () -> "the missing CUDA is one record line: " + line);
            assertTrue(line.length() < 400, () -> "the missing CUDA is one short line: " + line);
        }
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
        assertTrue(printed.contains("drafter-lab opens taskforce mtp-drafter and @kernel-smith adds a note"), printed);
        assertEquals(
                4,
                printed.lines()
                        .filter(l -> l.contains("launched benchmark job"))
                        .count(),
                printed);
        assertTrue(
                printed.lines()
                        .anyMatch(
                                l -> l.matches(".*verifier: \\S+ is (valid|invalid): .+ re-measured vs .+ claimed .*")),
                printed);
        assertTrue(printed.contains("dashboard ready at http://127.0.0.1:"), printed);
        assertTrue(printed.contains("/v1/agent-readme"), printed);
        assertEquals(
                4,
                printed.lines()
                        .filter(l -> l.startsWith("collab: ") && l.contains(" token "))
                        .count(),
                "the organizer's and each agent's token: " + printed);
        assertTrue(printed.contains("how concentrated the collaboration's ideas are"), printed);
        assertTrue(printed.toLowerCase(Locale.ROOT).contains("entropy"), printed);
    }

    @Test
    void eachQuantisedRunIsPrintedWithTheHarnesssVerdict() throws Exception {
        // the engine quantises the same f32 checkpoint at load time: Q8_0 stays within the perplexity cap, 3-bit
        // levels do not, and the printed line carries the harness's own quality marking
        Map<String, JsonNode> bySubmission = summaries();
        JsonNode q8 = bySubmission.get("demo-q8-mtp-k3");
        JsonNode q3 = bySubmission.get("demo-q3-mtp-k3");
        assertTrue(q8.get("decoding").asText().endsWith(", q8_0 weights"), q8.toString());
        assertTrue(q3.get("decoding").asText().endsWith(", q3_0 weights"), q3.toString());
        assertTrue(q8.get("ppl_pass").asBoolean(), "Q8_0 weights pass the gate: " + q8);
        assertFalse(q3.get("ppl_pass").asBoolean(), "3-bit weights fail the gate: " + q3);
        assertTrue(q3.get("ppl").asDouble() > q8.get("ppl").asDouble(), "3 bits cost more than 8");
        String q8Line = printedLine("kernel-smith: demo-q8-mtp-k3 ");
        assertTrue(q8Line.endsWith(q8.get("lossless").asBoolean() ? ", lossless" : ", lossy"), q8Line);
        String q3Line = printedLine("kernel-smith: demo-q3-mtp-k3 ");
        assertTrue(q3Line.endsWith(", lossy -> submitted as a negative result"), q3Line);
    }

    /** The one printed line containing {@code text}. */
    private String printedLine(String text) {
        List<String> lines = printed.lines().filter(l -> l.contains(text)).toList();
        assertEquals(1, lines.size(), () -> "one line with '" + text + "' in:\n" + printed);
        return lines.get(0);
    }

    /** The harness summaries the demo's jobs left in its run folder, by submission. */
    private Map<String, JsonNode> summaries() throws java.io.IOException {
        Map<String, JsonNode> bySubmission = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(data.resolve("runs"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("summary.json"))
                    .toList()) {
                JsonNode json = Json.mapper().readTree(p.toFile());
                bySubmission.put(json.get("submission").asText(), json);
            }
        }
        assertEquals(
                Set.of("demo-plain", "demo-mtp-k3", "demo-q8-mtp-k3", "demo-q3-mtp-k3"),
                bySubmission.keySet(),
                "one summary each");
        return bySubmission;
    }

    @Test
    void leaderboardRanksExactlyThePassingVerifiedResultsByScore() throws Exception {
        // independent expectations: which submissions pass the perplexity gate follows from how they are built
        // (same weights as the reference, Q8_0 or 3-bit levels), and each verdict follows from the re-run's own
        // summary.json in the audit bucket and the demo's tolerances (50%)
        Map<String, JsonNode> bySubmission = summaries();
        Map<String, String> agentOf = Map.of(
                "demo-plain", "eval-keeper",
                "demo-mtp-k3", "drafter-lab",
                "demo-q8-mtp-k3", "kernel-smith",
                "demo-q3-mtp-k3", "kernel-smith");
        assertTrue(bySubmission.get("demo-plain").get("ppl_pass").asBoolean(), "unchanged weights pass the gate");
        assertTrue(bySubmission.get("demo-mtp-k3").get("ppl_pass").asBoolean(), "speculative decoding is lossless");
        assertTrue(bySubmission.get("demo-q8-mtp-k3").get("ppl_pass").asBoolean(), "Q8_0 weights pass the gate");
        assertFalse(bySubmission.get("demo-q3-mtp-k3").get("ppl_pass").asBoolean(), "3-bit weights fail the gate");
        bySubmission.values().forEach(json -> assertTrue(json.get("tps").asDouble() > 0, json.toString()));

        Map<String, String> expectedVerdicts = new LinkedHashMap<>(); // by submission
        try (BucketStore store = BucketStores.open(data.resolve("buckets").toUri())) {
            BucketId central = BucketId.parse(LocalCollaboration.ORG + "/" + LocalCollaboration.SLUG + "-main-bucket");
            BucketId audit = BucketId.parse(LocalCollaboration.ORG + "/" + LocalCollaboration.SLUG + "-audit");
            for (BucketEntry e : store.listAll(central, "results/")) {
                String filename = e.path().value().substring("results/".length());
                if (!filename.endsWith(".md") || filename.equals("README.md")) {
                    continue;
                }
                String result = new String(store.read(central, e.path()).orElseThrow(), StandardCharsets.UTF_8);
                java.util.regex.Matcher artifacts = ARTIFACTS.matcher(result);
                assertTrue(artifacts.find(), result);
                String submission = artifacts.group(1);
                Optional<byte[]> rerun =
                        store.read(audit, BucketPath.of("verification_runs/" + filename + "/summary.json"));
                if (rerun.isEmpty()) {
                    continue; // not a new best claim: never re-run
                }
                JsonNode summary = Json.mapper().readTree(rerun.get());
                // the verifier judges the same-job speed-up when the claim and the re-run both carry one (the
                // demo's ratio tolerance is 50%), else the absolute tokens/s (tolerance 50%)
                JsonNode claim = bySubmission.get(submission);
                double reported = claim.get("tps").asDouble();
                boolean ratio = claim.path("speedup").isNumber()
                        && summary.path("speedup").isNumber();
                double delta = ratio
                        ? Math.abs(summary.path("speedup").asDouble()
                                        - claim.path("speedup").asDouble())
                                / claim.path("speedup").asDouble()
                        : Math.abs(summary.path("tps").asDouble() - reported) / reported;
                boolean valid = "completed".equals(summary.path("status").asText()) && delta <= 0.5;
                expectedVerdicts.put(submission, valid ? "valid" : "invalid");
                assertTrue(
                        printed.contains("verifier: " + filename + " is " + (valid ? "valid" : "invalid")),
                        filename + " re-ran at " + summary.path("tps") + " tok/s (speed-up " + summary.path("speedup")
                                + ") against " + reported + " (" + claim.path("speedup") + "): " + printed);
            }
        }
        assertFalse(expectedVerdicts.isEmpty(), "the first passing result is a new best claim and is re-run");

        // one row per agent (its best passing, not invalidated result): kernel-smith's 3-bit run is a negative result
        List<String> expectedRanking = bySubmission.entrySet().stream()
                .filter(e -> e.getValue().get("ppl_pass").asBoolean())
                .filter(e -> !"invalid".equals(expectedVerdicts.get(e.getKey())))
                .sorted((a, b) -> Double.compare(
                        b.getValue().get("tps").asDouble(),
                        a.getValue().get("tps").asDouble()))
                .map(e -> agentOf.get(e.getKey()))
                .distinct()
                .toList();
        String table =
                printed.substring(printed.indexOf("collab: leaderboard"), printed.indexOf("collab: benchmark files"));
        List<String> printedRanking = table.lines()
                .map(l -> RANK_ROW.matcher(l))
                .filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1))
                .toList();
        assertEquals(expectedRanking, printedRanking, printed);
    }

    /** The submission folder a result names in its {@code artifacts} field. */
    private static final Pattern ARTIFACTS = Pattern.compile("submissions/([a-z0-9-]+)");

    private static final java.util.regex.Pattern RANK_ROW =
            java.util.regex.Pattern.compile("\\s+\\d+\\s+(\\S+)\\s+[0-9.]+\\s+.*");

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
            assertEquals(4, body.get("count").asInt(), results.body());
            HttpResponse<String> taskforce = http.send(
                    HttpRequest.newBuilder(again.baseUri().resolve("/v1/taskforces/" + DemoScenario.TASKFORCE))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, taskforce.statusCode(), taskforce.body());
            JsonNode detail = Json.mapper().readTree(taskforce.body());
            assertEquals("drafter-lab", detail.get("creator").asText(), taskforce.body());
            assertEquals(1, detail.get("note_count").asInt(), taskforce.body());
            assertEquals(
                    "kernel-smith",
                    detail.at("/recent_notes/0/frontmatter/agent").asText(),
                    taskforce.body());
            assertEquals("bucket", detail.at("/readme/frontmatter/via").asText(), "the README came from a bucket");
            HttpResponse<String> readme = http.send(
                    HttpRequest.newBuilder(again.baseUri().resolve("/v1/agent-readme"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, readme.statusCode(), readme.body());
            assertTrue(readme.body().contains("local-collab/fast-gemma-$AGENT_ID"), readme.body());
            assertTrue(readme.body().contains(again.baseUri().toString().replaceAll("/$", "")), readme.body());
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(again.baseUri()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), page.body());
        }
    }
}
