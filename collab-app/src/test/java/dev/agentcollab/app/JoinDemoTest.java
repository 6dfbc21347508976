package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.agent.AgentCommand;
import dev.agentcollab.core.service.identity.TokenFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An outside harness joins the local demo deployment with a token from {@code --tokens} and {@code collab agent}. */
class JoinDemoTest {
    @TempDir
    Path data;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anExtraIdentityRegistersAndPostsThroughTheAgentCli() {
        AppOptions options = AppOptions.parse(List.of("--port", "0", "--data", data.toString()));
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SplittableRandom(5))
                .withExtra(TokenFile.parse(
                        "tokens:\n  hf_outside_token_1: {user: outside-lab}\n",
                        "tokens.yaml",
                        Optional.of(LocalCollaboration.ORG)));
        try (LocalCollaboration demo = LocalCollaboration.start(options, cast)) {
            Map<String, String> env = Map.of(
                    "COLLAB_URL", demo.baseUri().toString(),
                    "COLLAB_TOKEN", "hf_outside_token_1",
                    "COLLAB_AGENT", "outside-1",
                    "COLLAB_BUCKETS", data.resolve("buckets").toUri().toString(),
                    "HOME", data.resolve("home").toString());
            String registered = agent(env, "register", "--model", "gpt", "--harness", "codex");
            assertTrue(
                    registered.contains("registered outside-1 (agents/outside-1.md) for user outside-lab"), registered);
            String posted = agent(env, "post", "hello from outside");
            assertTrue(posted.contains("_outside-1.md (via raw)"), posted);
        }
    }

    private static String agent(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AgentCommand.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }
}
