package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.identity.TokenFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's {@code --tokens FILE}: extra identities an outside harness uses to join the local demo. */
class DemoTokensTest {
    @TempDir
    Path tmp;

    @Test
    void parsesTheOption() {
        AppOptions o = AppOptions.parse(List.of("--tokens", "/tmp/t.yaml"));
        assertEquals(Optional.of(Path.of("/tmp/t.yaml")), o.tokens());
        assertEquals(Optional.empty(), AppOptions.parse(List.of()).tokens());
        java.io.StringWriter usage = new java.io.StringWriter();
        new picocli.CommandLine(new DemoCommand(System.out, System.err, false)).usage(new java.io.PrintWriter(usage));
        assertTrue(usage.toString().contains("--tokens=FILE"), usage.toString());
    }

    @Test
    void extraIdentitiesAreKnownNextToTheCast() {
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(3))
                .withExtra(TokenFile.parse(
                        "tokens:\n  hf_outside_0001: {user: outsider-lab}\n",
                        "t.yaml",
                        Optional.of(LocalCollaboration.ORG)));
        StaticIdentityProvider ids = cast.provider();
        assertEquals("outsider-lab", ids.whoami("hf_outside_0001").name());
        assertTrue(ids.whoami("hf_outside_0001").memberOf(LocalCollaboration.ORG));
        assertEquals("demo-ada", ids.whoami(cast.agents().get(0).token()).name());
        assertEquals(Optional.of("admin"), ids.roleIn(LocalCollaboration.ORG, ids.whoami(cast.organizerToken())));
    }

    @Test
    void aBadTokenFileIsAUsageErrorBeforeAnythingStarts() throws Exception {
        Path file = tmp.resolve("tokens.yaml");
        Files.writeString(file, "tokens:\n  hf_outside_0001: {user: x, role: boss}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CollabApp.run(
                new String[] {"--port", "0", "--data", tmp.resolve("data").toString(), "--tokens", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--tokens") && message.contains("role of user 'x'"), message);
        assertTrue(Files.notExists(tmp.resolve("data")), "nothing was started");
    }
}
