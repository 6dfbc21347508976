package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.serve.ServeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SETUP.md's broadcast step names the handle the server accepts for the organizer of each kind of deployment. */
class InitFilesTest {
    private static final Path EXAMPLES = Path.of("../docs/examples");

    @Test
    void aLocalOrganizerBroadcastsAsTheTokenFilesOrganizer() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of());
        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), false);
        assertTrue(
                setup.contains("--token <organizer token> --agent human-organizer post --broadcast \"<the goal>\""),
                setup);
    }

    @Test
    void aHubOrganizerBroadcastsUnderTheirOwnUserName() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-hf.yaml"), Map.of());
        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), true);
        assertTrue(
                setup.contains("--token $HF_TOKEN --agent human-<your Hugging Face user name, lowercase> post"
                        + " --broadcast \"<the goal>\""),
                setup);
        assertFalse(setup.contains("human-organizer"), setup);
    }
}
