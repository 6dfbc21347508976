package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar collab.jar bench ...}, as the agent README's install runs it (no {@code --add-modules}), and the
 * same from the module path, measure with the Vector API kernels, not the scalar ones; the previous jar printed
 * {@code backend cpu-scalar-t1} here.
 */
class VectorApiLaunchIT {
    private static final List<String> TINY_BENCH = List.of(
            "bench",
            "spec-decode",
            "--hidden",
            "64",
            "--layers",
            "2",
            "--vocab",
            "256",
            "--tokens",
            "4",
            "--prompts",
            "1",
            "--repeats",
            "1",
            "--threads",
            "1",
            "--k",
            "2",
            "--agreement",
            "0.8",
            "--formats",
            "none",
            "--profile",
            "none");

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aPlainJavaDashJarBenchUsesTheVectorKernels() throws Exception {
        String output = run(List.of("-jar", CollabProcess.jar().toString()));
        assertTrue(output.contains("backend cpu-vector-"), output);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void soDoesTheModulePath() throws Exception {
        String output = run(ModulePathIT.moduleLauncher());
        assertTrue(output.contains("backend cpu-vector-"), output);
    }

    private static String run(List<String> launcher) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(launcher);
        cmd.addAll(TINY_BENCH);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("COLLAB_VECTOR_API_RELAUNCHED");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the bench did not end");
        assertEquals(0, p.exitValue(), output);
        assertFalse(output.contains("cpu-scalar"), output);
        return output;
    }
}
