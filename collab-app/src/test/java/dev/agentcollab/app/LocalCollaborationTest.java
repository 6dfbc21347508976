package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default deployment keeps to one writer per folder. */
class LocalCollaborationTest {
    @TempDir
    Path data;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSecondDemoOverTheSameFolderIsRefusedNamingTheFirstUntilItStops() {
        AppOptions options = AppOptions.parse(List.of("--port", "0", "--data", data.toString()));
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(5));
        String first;
        try (LocalCollaboration demo = LocalCollaboration.start(options, cast)) {
            first = demo.baseUri().toString();
            CollabException e = assertThrows(CollabException.class, () -> LocalCollaboration.start(options, cast));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith("another collab demo is running over the central bucket "
                                    + LocalCollaboration.ORG + "/" + LocalCollaboration.SLUG + "-main-bucket (pid "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("listening on " + first), e.getMessage());
            assertEquals(
                    "stop it first, or give this demo its own --data folder",
                    e.hint().orElseThrow());
        }
        try (LocalCollaboration again = LocalCollaboration.start(options, cast)) {
            assertTrue(
                    again.baseUri().toString().startsWith("http://127.0.0.1:"),
                    again.baseUri().toString());
        }
    }
}
