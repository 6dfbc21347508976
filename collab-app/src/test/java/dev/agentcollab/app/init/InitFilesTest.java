package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.serve.ServeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SETUP.md's broadcast step names the handle the server accepts for the organizer of each kind of deployment, and
 * its URLs are the ones the server will have.
 */
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

    @Test
    void onAFixedPortTheStepsNameItsUrl() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of("COLLAB_SERVER_PORT", "8123"));
        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), false);
        assertTrue(setup.contains("curl -s http://127.0.0.1:8123/v1/healthz"), setup);
        assertTrue(setup.contains("collab agent --url http://127.0.0.1:8123 --token"), setup);
        assertTrue(
                setup.contains("collab agent --url http://127.0.0.1:8123 --token <organizer token> --agent"
                        + " human-organizer result verify <result filename> valid --reason"),
                setup);
        assertTrue(setup.contains("Read http://127.0.0.1:8123/v1/agent-readme and follow it"), setup);
        assertTrue(setup.contains("Your bearer token is in COLLAB_TOKEN."), setup);
        assertTrue(setup.contains("collab token --config /x/collab.yaml add --user <name>"), setup);
        assertTrue(setup.contains("start each agent with `COLLAB_TOKEN` set to its person's token from"), setup);
    }

    @Test
    void onPortZeroTheStepsNameTheUrlTheServerPrints() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of("COLLAB_SERVER_PORT", "0"));
        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), false);
        assertTrue(setup.contains("curl -s <the URL collab serve prints>/v1/healthz"), setup);
        assertTrue(setup.contains("collab agent --url <the URL collab serve prints> --token"), setup);
        assertFalse(setup.contains("127.0.0.1:0"), setup);
        String readme = dev.agentcollab.app.onboarding.AgentReadme.render(c, InitFiles.serverUrl(c));
        assertTrue(readme.contains("export COLLAB_URL=<the URL collab serve prints>\n"), readme);
        assertFalse(readme.contains("127.0.0.1:0"), readme);
    }
}
