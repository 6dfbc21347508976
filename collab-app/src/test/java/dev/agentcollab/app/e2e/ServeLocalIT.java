package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collab serve} on docs/examples/serve-local.yaml as a separate process (the packaged jar), driven over
 * {@code collab agent} commands of three agents (reads over HTTP); then SIGTERM, a restart on the same folder, and everything is still there.
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class ServeLocalIT {
    private static final ThreeAgents CAST = new ThreeAgents(
            "tps",
            new ThreeAgents.Agent("drafter-lab", "ada", "tok-local-ada-example"),
            new ThreeAgents.Agent("kernel-smith", "grace", "tok-local-grace-example"),
            new ThreeAgents.Agent("eval-keeper", "alan", "tok-local-alan-example"));

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void threeAgentsWorkAndTheRecordSurvivesSigtermAndRestart() {
        Path buckets = dir.resolve("buckets");
        try (CollabProcess server = CollabProcess.serveLocal(dir)) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            CAST.play(new CliAgentDriver(api, "local-collab", "fast-gemma", "file:" + buckets, Map.of(), dir));
            int code = server.terminate(Duration.ofSeconds(30));
            assertTrue(server.output().contains("collab serve: stopped"), "exit " + code + ":\n" + server.output());
        }
        assertTrue(Files.isDirectory(buckets.resolve("local-collab/fast-gemma-main-bucket")));

        try (CollabProcess again = CollabProcess.serveLocal(dir)) {
            URI api = again.awaitListening(Duration.ofSeconds(90));
            CAST.verifyRecord(driver(api, buckets));
            assetsAreServed(api);
            again.terminate(Duration.ofSeconds(30));
        }
    }

    /**
     * The packaged jar keeps every web library file and licence the dashboard's pages link (the jar drops the rest of
     * each library).
     */
    private static void assetsAreServed(URI api) {
        Pattern link = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");
        try (HttpClient http = HttpClient.newHttpClient()) {
            Set<String> paths = new TreeSet<>();
            for (String page : List.of("/", "/docs")) {
                String html = http.send(
                                HttpRequest.newBuilder(api.resolve(page)).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                link.matcher(html).results().forEach(m -> paths.add(m.group(1)));
            }
            assertTrue(paths.size() >= 14, paths.toString()); // 7 files and 7 licences
            for (String path : paths) {
                HttpResponse<byte[]> r = http.send(
                        HttpRequest.newBuilder(api.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), path);
                assertTrue(r.body().length > 100, path + ": " + r.body().length + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpAgentDriver driver(URI api, Path buckets) {
        return new HttpAgentDriver(api, "local-collab", "fast-gemma", "file:" + buckets, Map.of(), dir);
    }
}
