package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module graph works: the collab-app jar and its runtime jars, all on the module path (no class path, no
 * {@code --add-modules}), start the command as the module {@code dev.agentcollab.app}.
 */
class ModulePathIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theCommandStartsFromTheModulePath() throws Exception {
        Path moduleJar = Path.of(System.getProperty("collab.module.jar"));
        String dependencies = Files.readString(
                        Path.of(System.getProperty("collab.runtime.classpath")), StandardCharsets.UTF_8)
                .strip();
        String modulePath = moduleJar + File.pathSeparator + dependencies;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                modulePath,
                "--module",
                "dev.agentcollab.app/dev.agentcollab.app.cli.CollabMain",
                "--version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "collab --version did not end");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, p.exitValue(), output);
        assertTrue(output.startsWith("collab "), output);
        assertTrue(output.contains("\nJava "), output);
    }
}
