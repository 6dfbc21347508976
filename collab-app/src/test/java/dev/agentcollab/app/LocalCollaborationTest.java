package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default deployment keeps to one writer per folder, and tells a stopped demo from a played one. */
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

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aDemoStoppedBeforeItFinishedIsServedAsSuchNotAsPlayed() {
        AppOptions options = AppOptions.parse(List.of("--port", "0", "--data", data.toString(), "--exit-after-demo"));
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(5));
        try (LocalCollaboration demo = LocalCollaboration.start(options, cast)) {
            // the demo's first step, then Ctrl-C
            demo.service()
                    .session(cast.organizerToken())
                    .board()
                    .post(MessagePost.raw("human-" + cast.organizer(), "Goal: faster decoding.")
                            .asBroadcast());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(
                0,
                CollabApp.play(
                        options,
                        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                        false));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                printed.contains(" holds a demo that was stopped before it finished (0 results of 4): its record is"
                        + " served as it is (delete the folder, or pass --data NEW_FOLDER, to play the demo in full)"),
                printed + err);
        assertFalse(printed.contains("already holds a played demo"), printed);
    }
}
