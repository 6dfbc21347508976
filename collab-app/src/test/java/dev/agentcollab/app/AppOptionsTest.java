package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppOptionsTest {
    @Test
    void defaultsServeOnLoopback8080FromCollabData() {
        AppOptions o = AppOptions.parse(List.of());
        assertEquals("127.0.0.1", o.host());
        assertEquals(8080, o.port());
        assertEquals(Path.of("collab-data"), o.dataDir());
        assertFalse(o.exitAfterDemo());
    }

    @Test
    void parsesEveryOption() {
        AppOptions o = AppOptions.parse(
                List.of("--port", "0", "--host", "::1", "--data", "/tmp/x", "--seed", "11", "--exit-after-demo"));
        assertEquals(new AppOptions("::1", 0, Path.of("/tmp/x"), true, 11, false), o);
    }

    @Test
    void badInputIsNamed() {
        assertMessage("Invalid value for option '--port': 'http' is not an int", List.of("--port", "http"));
        assertMessage("between 0 and 65535", List.of("--port", "70000"));
        assertMessage("Missing required parameter for option '--data'", List.of("--data"));
        assertMessage("Unknown option: '--bogus'", List.of("--bogus"));
    }

    private static void assertMessage(String expected, List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
