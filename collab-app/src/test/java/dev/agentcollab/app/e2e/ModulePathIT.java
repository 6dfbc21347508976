package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module graph works: the collab-app jar and its runtime jars, all on the module path (no class path, no
 * {@code --add-modules}, no {@code --add-exports}), start the command as the module {@code dev.agentcollab.app},
 * and {@code collab serve} answers from there.
 */
class ModulePathIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theCommandStartsFromTheModulePath() throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(moduleLauncher());
        cmd.add("--version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "collab --version did not end");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, p.exitValue(), output);
        assertTrue(output.startsWith("collab "), output);
        assertTrue(output.contains("\nJava "), output);
    }

    /** {@code collab serve} runs on the module path with no {@code --add-exports} or {@code --add-opens}. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void serveAnswersFromTheModulePathWithoutExtraFlags(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of(
                "COLLAB_STORAGE_BUCKETS",
                "file:" + dir.resolve("buckets"),
                "COLLAB_STORAGE_INDEX_SNAPSHOT",
                dir.resolve("index/board-index.snapshot").toString(), // not the example's, which other tests use
                "COLLAB_JOBS_WORK_DIR",
                dir.resolve("jobs").toString());
        try (CollabProcess serve = CollabProcess.start(
                moduleLauncher(),
                env,
                "serve",
                "--config",
                CollabProcess.examples().resolve("serve-local.yaml").toString(),
                "--port",
                "0")) {
            URI base = serve.awaitListening(Duration.ofSeconds(90));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(base.resolve("/v1/healthz"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body() + "\n" + serve.output());
            }
            assertFalse(serve.output().contains("IllegalAccessError"), serve.output());
        }
    }

    /** {@code --module-path <the app jar and its runtime jars> --module <the command's main class>}. */
    static List<String> moduleLauncher() throws IOException {
        Path moduleJar = Path.of(System.getProperty("collab.module.jar"));
        String dependencies = Files.readString(
                        Path.of(System.getProperty("collab.runtime.classpath")), StandardCharsets.UTF_8)
                .strip();
        return List.of(
                "--module-path",
                moduleJar + File.pathSeparator + dependencies,
                "--module",
                "dev.agentcollab.app/dev.agentcollab.app.cli.CollabMain");
    }
}
