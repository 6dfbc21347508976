package dev.agentcollab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CollabLoggingTest {

    @Test
    void quietByDefaultInfoForServeAndTheVariableWins() {
        String[] demo = {"demo"};
        String[] serve = {"serve", "--port", "0"};
        assertEquals(Optional.empty(), CollabLogging.level(Map.of(), demo));
        assertEquals(Optional.empty(), CollabLogging.level(Map.of(), new String[0]));
        assertEquals(Optional.of("info"), CollabLogging.level(Map.of(), serve));
        assertEquals(Optional.of("debug"), CollabLogging.level(Map.of("COLLAB_LOG_LEVEL", " DEBUG "), demo));
        assertEquals(Optional.of("warn"), CollabLogging.level(Map.of("COLLAB_LOG_LEVEL", "warn"), serve));
    }

    @Test
    void anUnknownLevelIsAClearError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CollabLogging.level(Map.of("COLLAB_LOG_LEVEL", "verbose"), new String[] {"demo"}));
        assertEquals(
                "COLLAB_LOG_LEVEL must be one of trace, debug, info, warn, error, off, but was 'verbose'",
                e.getMessage());
    }

    @Test
    void theBackendPrintsOneLineRecordsOfWarningsByDefault() throws IOException {
        Properties p = new Properties();
        try (InputStream in = CollabLogging.class.getResourceAsStream("/simplelogger.properties")) {
            p.load(in);
        }
        assertEquals("warn", p.getProperty(CollabLogging.DEFAULT_LEVEL));
        assertEquals("false", p.getProperty("org.slf4j.simpleLogger.showThreadName"));
        assertTrue(p.getProperty("org.slf4j.simpleLogger.log.org.tribuo").equals("warn"));
    }
}
