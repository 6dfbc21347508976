package dev.agentcollab.app.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentReadmeTest {
    private static final Path EXAMPLES = Path.of("../docs/examples");

    @Test
    void explainsEveryStepWithCurlAndTheAgentCommand() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of());
        String readme = AgentReadme.render(c, URI.create("http://127.0.0.1:9999/"));
        for (String route : List.of(
                "/v1/agents/register",
                "/v1/messages",
                "/v1/inbox/$AGENT_ID",
                "/v1/digest?as=$AGENT_ID",
                "/v1/taskforces",
                "/v1/taskforces/profiling/files",
                "/v1/taskforces/profiling/notes",
                "/v1/results",
                "/v1/leaderboard",
                "/v1/traces",
                "/v1/artifacts:sync",
                "/v1/jobs:run")) {
            assertTrue(readme.contains(route), route);
        }
        for (String command : List.of(
                "collab agent register",
                "collab agent post --channel",
                "--reply-to",
                "collab agent inbox",
                "collab agent board",
                "collab agent digest",
                "collab agent taskforce create",
                "collab agent taskforce post",
                "collab agent taskforce read",
                "collab agent result submit",
                "collab agent leaderboard",
                "collab agent trace share",
                "collab agent sync",
                "collab agent job launch",
                "collab agent job status")) {
            assertTrue(readme.contains(command), command);
        }
        assertTrue(readme.contains("export COLLAB_URL=http://127.0.0.1:9999"));
        assertTrue(
                readme.contains("curl -sfo ~/.local/bin/collab.jar $COLLAB_URL/v1/cli/collab.jar"),
                "where to get collab");
        assertTrue(readme.contains("with `-C -` added continues it"), "how a broken download resumes");
        assertTrue(readme.contains("COLLAB_TOKEN"));
        assertTrue(readme.contains(".bucket-sync-handshake"));
        // a token of the deployment's token file does not say whose it is: the README names the route that does
        String bucketStep = readme.substring(readme.indexOf("## 1."), readme.indexOf("## 2."));
        assertTrue(
                bucketStep.contains(
                        "your user name (`hf_user` in the answer of `curl -s $COLLAB_URL/v1/me -H \"Authorization: Bearer"
                                + " $COLLAB_TOKEN\"`)"),
                bucketStep);
        assertTrue(readme.contains("collab bucket create local-collab/fast-gemma-$AGENT_ID"));
        assertTrue(readme.contains("collab bucket --store \"$COLLAB_BUCKETS\" cp ./my-submission"
                + " hf://buckets/local-collab/fast-gemma-$AGENT_ID/submissions/v1"));
        assertTrue(readme.contains("holding `model/` (the target"));
        assertTrue(
                readme.contains(
                        "`collab agent result submit --source hf://buckets/local-collab/fast-gemma-$AGENT_ID/runs/r1/result.md`"));
        assertTrue(readme.contains("| largest file you promote | 8 MiB (a message, result"), "source size limit");
        assertTrue(readme.contains("`tps` in tok/s, higher is better"));
        assertTrue(readme.contains("| guardrail | `ppl`, a number shown next to the score |"));
        assertTrue(readme.contains("\nppl: <number: the guardrail>\n"));
        assertTrue(readme.contains("Negative results count"));
        assertTrue(readme.contains("Verify before claiming"));
        assertTrue(readme.contains(c.goal().substring(0, 40)));
    }

    @Test
    void aGuardrailCapIsStatedWhereTheGuardrailIsAsked() {
        ServeConfig capped =
                ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of("COLLAB_METRIC_GUARD_CAP", "12.5"));
        String readme = AgentReadme.render(capped, URI.create("http://127.0.0.1:9999/"));
        assertTrue(readme.contains("| guardrail | `ppl`, a number every ranked result reports; results above 12.5"
                + " are left off the leaderboard |"));
        assertTrue(readme.contains("\nppl: <number: the guardrail, at most 12.5 to rank>\n"));
    }

    /** With the Java harness, agents learn how to run it on their own machine on the central bucket's data. */
    @Test
    void theJavaHarnessCanBeRunLocallyOnTheCentralBucketsData() {
        ServeConfig local = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of());
        String readme = AgentReadme.render(local, URI.create("http://127.0.0.1:9999/"));
        assertTrue(readme.contains("collab bucket --store \"$COLLAB_BUCKETS\" cp"
                + " hf://buckets/local-collab/fast-gemma-main-bucket/shared_resources/harness/data/ ./harness-data\n"
                + "collab harness --data-dir ./harness-data --submission-dir ./my-submission --state-dir"
                + " ./local-run\n"));
        ServeConfig shortOutput = ServeConfig.load(
                EXAMPLES.resolve("serve-local.yaml"), Map.of("COLLAB_JOBS_EXTRA_ARGS", "--output-len,32"));
        assertTrue(
                AgentReadme.render(shortOutput, URI.create("http://127.0.0.1:9999/"))
                        .contains("--state-dir ./local-run --output-len 32\n"),
                "the jobs' own extra arguments");
        assertEquals("--output-len", AgentReadme.shellWord("--output-len"));
        assertEquals("'two words'", AgentReadme.shellWord("two words"));
        assertEquals("'it'\\''s'", AgentReadme.shellWord("it's"));
        ServeConfig python = ServeConfig.load(
                EXAMPLES.resolve("serve-local.yaml"),
                Map.of("COLLAB_JOBS_HARNESS", "python", "COLLAB_JOBS_ENTRYPOINT", "run.py"));
        assertFalse(
                AgentReadme.render(python, URI.create("http://127.0.0.1:9999/")).contains("collab harness --data-dir"),
                "another harness than the bundled one");
    }

    @Test
    void hubDeploymentsUseTheHfCliAndDisabledJobsSaySo() {
        ServeConfig hub = ServeConfig.load(
                EXAMPLES.resolve("serve-hf.yaml"),
                Map.of(
                        "COLLAB_JOBS_RUNNER",
                        "none",
                        "COLLAB_VERIFIER_ENABLED",
                        "false",
                        "COLLAB_METRIC_DIRECTION",
                        "lower"));
        String readme = AgentReadme.render(hub, URI.create("https://my-org-fast-gemma.hf.space/"));
        assertTrue(readme.contains("hf buckets create my-org/fast-gemma-$AGENT_ID"));
        assertTrue(readme.contains(
                "hf buckets cp /tmp/handshake hf://buckets/my-org/fast-gemma-$AGENT_ID/.bucket-sync-handshake"));
        assertTrue(readme.contains("lower is better"));
        assertTrue(readme.contains("Jobs are disabled"));
        assertFalse(readme.contains("/v1/jobs:run"));
        assertFalse(readme.contains("collab bucket"));
    }

    @Test
    void everyCurlBodyIsJsonWithTheAgentIdFilledInByTheShell() throws Exception {
        for (String example : List.of("serve-local.yaml", "serve-hf.yaml")) {
            ServeConfig c = ServeConfig.load(EXAMPLES.resolve(example), Map.of());
            String readme = AgentReadme.render(c, URI.create("http://127.0.0.1:9999/"));
            List<String> bodies = readme.lines()
                    .filter(l -> l.contains("-d '"))
                    .map(l -> l.substring(l.indexOf("-d '") + 3).strip())
                    .toList();
            assertTrue(bodies.size() >= 7, example + ": " + bodies);
            for (String body : bodies) {
                String expanded = shell("AGENT_ID=agent-7; printf '%s' " + body);
                JsonNode json = Json.mapper().readTree(expanded);
                assertFalse(expanded.contains("$"), example + ": " + body + " -> " + expanded);
                if (body.contains("AGENT_ID")) {
                    assertTrue(expanded.contains("agent-7"), example + ": " + body + " -> " + expanded);
                }
                json.findValuesAsText("source").forEach(src -> assertTrue(src.startsWith("hf://buckets/"), src));
            }
        }
    }

    /** What bash prints for a command line (the README's lines are for a POSIX shell). */
    private static String shell(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
        return out;
    }
}
