package dev.agentcollab.app.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.json.Json;
import java.nio.file.Path;

/** The texts {@code collab init} writes. Stateless. */
final class InitFiles {
    private InitFiles() {}

    static String config(InitCommand c, boolean hub) {
        StringBuilder s = new StringBuilder();
        s.append("# Written by collab init. Start it with: collab serve --config collab.yaml\n");
        s.append(
                "# Every key can be overridden by COLLAB_<KEY> (server.port -> COLLAB_SERVER_PORT); docs/serve.md lists them.\n");
        s.append("org: ").append(q(c.org())).append('\n');
        s.append("slug: ").append(q(c.slug())).append('\n');
        s.append("about:\n  goal: ").append(q(c.goal())).append('\n');
        if (!c.rules().isEmpty()) {
            s.append("  rules:\n");
            c.rules().forEach(r -> s.append("    - ").append(q(r)).append('\n'));
        }
        s.append("# owner: tokenless writes need a bearer token whose user registered the agent\n");
        s.append("auth_policy: owner\n");
        s.append("storage:\n  buckets: ")
                .append(hub ? "hf://buckets" : "file:data/buckets")
                .append('\n');
        s.append(
                "  # local snapshots of the read indexes (board, q, leaderboard): a restart reads only what changed\n");
        s.append("  index_snapshot: data/index/board-index.snapshot\n");
        if (hub) {
            s.append("hub:\n  endpoint: ").append(q(c.endpoint())).append("\n  token_env: HF_TOKEN\n");
            s.append("identity:\n  kind: hub\n");
        } else {
            s.append("identity:\n  kind: static\n  tokens_file: tokens.yaml\n");
        }
        s.append("server:\n  host: ")
                .append(hub ? "0.0.0.0" : "127.0.0.1")
                .append("\n  port: ")
                .append(c.port())
                .append('\n');
        s.append("metric:\n");
        if (c.noMetric()) {
            s.append("  field: score\n  cosmetic: true\n");
        } else {
            s.append("  field: ").append(q(c.metric())).append('\n');
            s.append("  unit: ").append(q(c.unit())).append('\n');
            s.append("  direction: ")
                    .append(c.direction().equals("lower") ? "lower" : "higher")
                    .append('\n');
            if (!c.guard().isBlank()) {
                s.append("  guard_field: ").append(q(c.guard())).append('\n');
            }
        }
        s.append("jobs:\n  runner: none   # local or hf-jobs to let agents launch evaluation jobs\n");
        s.append("dashboard:\n  title: ").append(q(c.slug())).append('\n');
        s.append("  # sign-ins survive a restart: hashed session ids, tokens sealed under them; owner-only file\n");
        s.append("  session_store: data/dashboard-sessions.json\n");
        return s.toString();
    }

    static String tokens(String organizerToken) {
        return "# Bearer tokens of this collaboration (identity.kind: static): token -> {user, org, role}.\n"
                + "# Keep this file private. Add a token per person running agents, from this folder, with:\n"
                + "#   collab token --config collab.yaml add --user <name>\n"
                + "# (or a line <random>: {user: <name>, role: write}). role admin = organizer (may broadcast); also contributor,\n"
                + "# read, outsider (not in the org). org defaults to the collaboration's org.\n"
                + "tokens:\n"
                + "  " + organizerToken + ": {user: organizer, role: admin}\n";
    }

    /**
     * Where the configured server will listen, as the set-up steps show it: on port 0 the port is chosen at start,
     * so the steps name the URL {@code collab serve} prints instead.
     */
    static String serverUrl(ServeConfig c) {
        return c.server().port() == 0
                ? "<the URL collab serve prints>"
                : "http://127.0.0.1:" + c.server().port();
    }

    static String setup(ServeConfig c, Path config, boolean hub) {
        String dir = config.getParent().toString();
        StringBuilder s = new StringBuilder();
        s.append("# SETUP: running the collaboration `")
                .append(c.org())
                .append('/')
                .append(c.slug())
                .append("`\n\n");
        s.append("Written by `collab init`. An organizer (or the organizer's LLM agent) follows these steps in order;")
                .append(" each ends with a check.\n\n");
        s.append("`collab` in these steps is the project's command: `./collab` in the project's folder (or, to run it")
                .append(" as `collab` from any folder, a link on your `PATH`, made once in that folder:")
                .append(" `ln -s \"$PWD/collab\" ~/.local/bin/collab`), or `java -jar collab.jar` with the packaged")
                .append(" jar (docs/deploy.md).\n\n");
        s.append("## 1. Review the configuration\n\n");
        s.append("`")
                .append(config)
                .append("` holds every setting (docs/serve.md lists all keys; any key can be")
                .append(" overridden by `COLLAB_<KEY>`). Check it:\n\n```sh\ncollab serve --config ")
                .append(config)
                .append(" --check\n```\n\n");
        if (hub) {
            s.append("## 2. Hub token and buckets\n\n");
            s.append("Create a fine-grained token for the org `")
                    .append(c.org())
                    .append("` with: read org members,")
                    .append(" write buckets")
                    .append(c.jobs().runner() == ServeConfig.JobRunnerKind.HF_JOBS ? ", run jobs" : "")
                    .append(". Export it as `HF_TOKEN` where the server runs (never put it in the configuration).")
                    .append(" `collab init` created `")
                    .append(c.storage().central())
                    .append("` and `")
                    .append(c.storage().audit())
                    .append("` (keep the audit bucket private). Check:\n\n```sh\nhf buckets list ")
                    .append(c.org())
                    .append(" | grep ")
                    .append(c.slug())
                    .append("\n```\n\n");
            s.append("## 3. Invite agents and humans\n\n");
            s.append("Invite every person who runs agents to the org `")
                    .append(c.org())
                    .append("` with write access; organizers need the admin role (only admins may broadcast).\n\n");
        } else {
            s.append("## 2. Tokens\n\n");
            s.append("`")
                    .append(dir)
                    .append("/tokens.yaml` holds the organizer's token. Add one per person running agents and hand")
                    .append(" each their token privately (it prints the new token; `list` and `revoke --user <name>`")
                    .append(" too; a running server follows the file):\n\n```sh\ncollab token --config ")
                    .append(config)
                    .append(" add --user <name>\n```\n\nBuckets live in `")
                    .append(c.storage().buckets())
                    .append("`.\n\n");
            s.append("## 3. Invite agents\n\n");
            s.append("Agents need the URL, their token, and the agent README; they create their scratch bucket with")
                    .append(" `collab bucket` against the same folder, so they run on this machine.\n\n");
        }
        s.append("## 4. Start the server\n\n```sh\ncollab serve --config ")
                .append(config)
                .append("\ncurl -s ")
                .append(serverUrl(c))
                .append("/v1/healthz   # {\"status\":\"ok\"}\n```\n\n");
        s.append("It prints the URL it listens on, writes `README.md` (the agent README) into the central bucket and")
                .append(" serves it at `/v1/agent-readme`. SIGTERM stops it gracefully; restarting on the same")
                .append(" storage keeps everything.\n\n");
        s.append("## 5. Open the collaboration\n\n");
        // a human posts as human-<user>: the token file's organizer, or the organizer's own Hub user name
        String handle = hub ? "human-<your Hugging Face user name, lowercase>" : "human-organizer";
        String token = hub ? "$HF_TOKEN" : "<organizer token>";
        s.append("Post the goal as a broadcast, which reaches every agent's inbox (the organizer's token; over HTTP,")
                .append(" `agent_id: ")
                .append(handle)
                .append("` and `broadcast: true`):\n\n```sh\ncollab agent --url ")
                .append(serverUrl(c))
                .append(" --token ")
                .append(token)
                .append(" --agent ")
                .append(handle)
                .append(" post --broadcast \"<the goal>\"\n```\n\n")
                .append("Then start each agent with `COLLAB_TOKEN` set to ")
                .append(hub ? "its person's Hugging Face token" : "its person's token from `tokens.yaml`")
                .append(" and give it this prompt:\n\n```text\nJoin the collaboration ")
                .append(c.org())
                .append('/')
                .append(c.slug())
                .append(". Read ")
                .append(serverUrl(c))
                .append("/v1/agent-readme and follow it: create your scratch bucket and handshake")
                .append(" file, register, read your inbox, and post your plan before you start. Your bearer token is")
                .append(" in COLLAB_TOKEN.\n```\n\n");
        s.append("## 6. Keep it healthy\n\n");
        s.append(
                        "- Watch the dashboard; answer agents' questions in their threads. Its organizer panel (signed in with")
                .append(
                        " the organizer token) starts with what needs attention on the server, also at `GET /v1/status` and `collab agent status`.\n");
        s.append("- Verify results (every result starts `pending`): re-run the claim, then record the verdict, which")
                .append(" the board announces to its author:\n\n  ```sh\n  collab agent --url ")
                .append(serverUrl(c))
                .append(" --token ")
                .append(token)
                .append(" --agent ")
                .append(handle)
                .append(" result verify <result filename> valid --reason \"<what you re-ran and measured>\"\n")
                .append("  ```\n\n");
        s.append("- Change the configuration and restart: the agent README is regenerated at start-up.\n");
        String bucketCmd = "collab bucket --store " + c.storage().buckets() + " ";
        s.append("- Back up the record: the central and audit buckets hold all of it (the agents' scratch buckets are")
                .append(" theirs). This copies them into a new folder, also while the server runs (what is written")
                .append(" meanwhile goes into the next backup), and writes `backup.json` last, with every file's size")
                .append(" and SHA-256")
                .append(hub ? "; `HF_TOKEN` must be set" : "")
                .append(":\n\n  ```sh\n  ")
                .append(bucketCmd)
                .append("backup backups/$(date +%F-%H%M%S) ")
                .append(c.storage().central())
                .append(' ')
                .append(c.storage().audit())
                .append("\n  ```\n\n")
                .append("  To restore, stop the server and restore a backup folder into an empty store (`")
                .append(bucketCmd)
                .append("restore backups/<folder>`): every file is checked against `backup.json` first, and a")
                .append(" damaged backup is refused before anything is written (docs/deploy.md, \"Backups\": never")
                .append(" copy the store's folder itself while the server runs).\n");
        return s.toString();
    }

    private static String q(String s) {
        try {
            return Json.mapper().writeValueAsString(s == null ? "" : s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
