package dev.agentcollab.app.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.cli.CliRun;
import dev.agentcollab.app.serve.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void setupSaysWhereTheCollabCommandOfItsStepsComesFrom() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of());
        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), false);
        // its steps write `collab ...`, which is on no PATH after a checkout: the set-up names the script and the jar
        String intro = setup.substring(0, setup.indexOf("## 1."));
        assertTrue(intro.contains("`./collab`"), intro);
        assertTrue(intro.contains("ln -s \"$PWD/collab\" ~/.local/bin/collab"), intro);
        assertTrue(intro.contains("`java -jar collab.jar`"), intro);
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

    /**
     * SETUP.md's backup line, run as written, backs the central and audit buckets up; restored into an empty store
     * as its restore sentence says, they list the same files.
     */
    @Test
    void theBackupLineBacksTheRecordUpAndItRestores(@TempDir Path tmp) throws Exception {
        String store = "file:" + tmp.resolve("buckets");
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of("COLLAB_STORAGE_BUCKETS", store));
        String central = c.storage().central().toString();
        String audit = c.storage().audit().toString();
        for (String bucket : List.of(central, audit)) { // as collab init leaves them
            assertEquals(
                    0, CliRun.of("bucket", "--store", store, "create", bucket).code());
        }
        Path record = Files.createDirectories(tmp.resolve("record/message_board"));
        Files.writeString(record.resolve("20260101-000000-000_ada.md"), "---\nagent: ada\n---\nhi\n");
        Files.writeString(Files.createDirectories(tmp.resolve("record/results")).resolve("r.md"), "---\ntps: 1\n---\n");
        Files.writeString(
                Files.createDirectories(tmp.resolve("rows/audit/202601")).resolve("a.jsonl"), "{}\n");
        assertEquals(
                0,
                CliRun.of(
                                "bucket",
                                "--store",
                                store,
                                "cp",
                                tmp.resolve("record").toString(),
                                "hf://buckets/" + central)
                        .code());
        assertEquals(
                0,
                CliRun.of("bucket", "--store", store, "cp", tmp.resolve("rows").toString(), "hf://buckets/" + audit)
                        .code());

        String setup = InitFiles.setup(c, Path.of("/x/collab.yaml"), false);
        List<String> backup = setup.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("collab bucket --store " + c.storage().buckets() + " backup "))
                .toList();
        assertEquals(1, backup.size(), setup);
        String[] args = backup.get(0)
                .replace(" backups/$(date +%F-%H%M%S) ", " " + tmp.resolve("backup") + " ")
                .split(" ");
        CliRun made = CliRun.of(Arrays.copyOfRange(args, 1, args.length));
        assertEquals(0, made.code(), backup.get(0) + ": " + made.err());
        String restoreLine = "collab bucket --store " + c.storage().buckets() + " restore backups/<folder>";
        assertTrue(setup.contains("`" + restoreLine + "`"), setup);

        String restored = "file:" + tmp.resolve("restored");
        CliRun restore = CliRun.of(restoreLine
                .replace(c.storage().buckets().toString(), restored)
                .replace("backups/<folder>", tmp.resolve("backup").toString())
                .substring("collab ".length())
                .split(" "));
        assertEquals(0, restore.code(), restore.err());
        for (String bucket : List.of(central, audit)) {
            assertEquals(
                    CliRun.of("bucket", "--store", store, "ls", bucket).out(),
                    CliRun.of("bucket", "--store", restored, "ls", bucket).out());
        }
        assertTrue(CliRun.of("bucket", "--store", restored, "ls", central).out().contains("results/r.md"));
    }

    /**
     * The token file's header names the command that adds a token; run as written from the collaboration's folder
     * (its {@code collab.yaml} resolved there), it adds one.
     */
    @Test
    void theTokenFilesHeaderNamesACommandThatAddsAToken(@TempDir Path tmp) throws Exception {
        Path folder = tmp.resolve("c");
        CliRun init =
                CliRun.of("init", "--dir", folder.toString(), "--org", "acme", "--slug", "speed", "--storage", "file");
        assertEquals(0, init.code(), init.err());
        List<String> commands = Files.readAllLines(folder.resolve("tokens.yaml")).stream()
                .filter(l -> l.contains("collab token "))
                .map(l -> l.substring(l.indexOf("collab token ")))
                .toList();
        assertEquals(1, commands.size(), "one command in the header");
        String[] args = commands.get(0)
                .replace(" collab.yaml ", " " + folder.resolve("collab.yaml") + " ")
                .replace("<name>", "ada")
                .split(" ");
        CliRun add = CliRun.of(Arrays.copyOfRange(args, 1, args.length));
        assertEquals(0, add.code(), commands.get(0) + ": " + add.err());
        assertTrue(Files.readString(folder.resolve("tokens.yaml")).contains("{user: ada, role: write}"));
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
