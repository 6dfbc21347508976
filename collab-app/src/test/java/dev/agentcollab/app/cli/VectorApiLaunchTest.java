package dev.agentcollab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When {@code collab} runs the CPU engine in a child JVM with the Vector API, and with which command line. */
class VectorApiLaunchTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void onlyEngineCommandsOfAJvmWithoutTheModuleNeedAChild() {
        assertTrue(VectorApiLaunch.needsChild(new String[] {"harness", "--state-dir", "s"}, false, NO_ENV));
        assertTrue(VectorApiLaunch.needsChild(new String[] {"bench", "spec-decode"}, false, NO_ENV));
        assertTrue(VectorApiLaunch.needsChild(new String[] {"drafter", "distill"}, false, NO_ENV));

        assertFalse(VectorApiLaunch.needsChild(new String[] {"harness"}, true, NO_ENV), "the module is there");
        assertFalse(VectorApiLaunch.needsChild(new String[] {"agent", "board"}, false, NO_ENV), "no engine");
        assertFalse(VectorApiLaunch.needsChild(new String[] {"serve"}, false, NO_ENV), "jobs add it themselves");
        assertFalse(VectorApiLaunch.needsChild(new String[] {}, false, NO_ENV));
        assertFalse(VectorApiLaunch.needsChild(new String[] {"bench", "spec-decode", "--help"}, false, NO_ENV));
        assertFalse(VectorApiLaunch.needsChild(new String[] {"harness", "-V"}, false, NO_ENV));
        assertFalse(
                VectorApiLaunch.needsChild(new String[] {"harness"}, false, Map.of(VectorApiLaunch.RELAUNCHED, "1")),
                "a child never starts another");
    }

    @Test
    void theChildRunsTheSameCommandLineWithTheModuleFirst() {
        assertEquals(
                Optional.of(List.of(
                        "/opt/jdk/bin/java",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Xmx2g",
                        "-jar",
                        "collab.jar",
                        "harness",
                        "--state-dir",
                        "out dir")),
                VectorApiLaunch.childCommand(Optional.of("/opt/jdk/bin/java"), Optional.of(new String[] {
                    "-Xmx2g", "-jar", "collab.jar", "harness", "--state-dir", "out dir"
                })));
    }

    @Test
    void anUnknownCommandLineOrAnotherLauncherRunsInProcess() {
        String[] args = {"-jar", "collab.jar", "harness"};
        assertEquals(Optional.empty(), VectorApiLaunch.childCommand(Optional.empty(), Optional.of(args)));
        assertEquals(Optional.empty(), VectorApiLaunch.childCommand(Optional.of("/usr/bin/java"), Optional.empty()));
        assertEquals(
                Optional.empty(),
                VectorApiLaunch.childCommand(Optional.of("/opt/collab/bin/collab-launcher"), Optional.of(args)));
    }
}
