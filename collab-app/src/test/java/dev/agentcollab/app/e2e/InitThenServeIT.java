package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab init} on a fresh folder, then {@code collab serve} on what it wrote, as separate processes. */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class InitThenServeIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void initWritesAWorkingCollaborationAndARerunChangesNothing() throws Exception {
        Path folder = dir.resolve("speedrun");
        String printed = CollabProcess.run(
                Map.of(),
                "init",
                "--dir",
                folder.toString(),
                "--org",
                "acme",
                "--slug",
                "speedrun",
                "--goal",
                "Decode faster without losing quality.",
                "--metric",
                "tps",
                "--unit",
                "tok/s",
                "--guard",
                "ppl",
                "--rule",
                "Negative results count.");
        Matcher token =
                Pattern.compile("organizer token \\(in tokens.yaml\\): (\\S+)").matcher(printed);
        assertTrue(token.find(), printed);
        String config = Files.readString(folder.resolve("collab.yaml"));
        assertTrue(config.contains("auth_policy: owner"), config);
        assertTrue(Files.readString(folder.resolve("SETUP.md")).contains("collab serve --config"));
        assertTrue(Files.isDirectory(folder.resolve("data/buckets/acme/speedrun-main-bucket")));
        assertTrue(Files.isDirectory(folder.resolve("data/buckets/acme/speedrun-audit")));

        String again = CollabProcess.run(Map.of(), "init", "--dir", folder.toString(), "--org", "other");
        assertTrue(again.contains("nothing changed"), again);
        assertEquals(config, Files.readString(folder.resolve("collab.yaml")));

        String cookie;
        try (CollabProcess server = CollabProcess.start(
                Map.of(), "serve", "--config", folder.resolve("collab.yaml").toString(), "--port", "0")) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            HttpAgentDriver d = new HttpAgentDriver(
                    api, "acme", "speedrun", "file:" + folder.resolve("data/buckets"), Map.of(), dir);
            String readme = d.agentReadme();
            assertTrue(readme.contains("Decode faster without losing quality."), readme);
            assertTrue(readme.contains("`tps` in tok/s, higher is better"), readme);
            assertTrue(readme.contains("Negative results count."), readme);
            // the organizer's token from tokens.yaml is accepted: the organizer may broadcast
            var me = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(api.resolve("/v1/me"))
                                    .header("Authorization", "Bearer " + token.group(1))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"is_organizer\":true"), me.body());
            assertTrue(
                    server.output()
                            .contains("collab serve: tokens from " + folder.resolve("tokens.yaml")
                                    + " (followed: tokens added or removed there apply within a second)"),
                    server.output());
            // docs/deploy.md's step 2 while the server runs: a token added to tokens.yaml works without a restart
            Files.writeString(
                    folder.resolve("tokens.yaml"),
                    "  tok-added-while-serving: {user: ada, role: write}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            int added = 0;
            String addedBody = "";
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    added != 200 && System.nanoTime() < end; ) {
                Thread.sleep(200);
                var r = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(api.resolve("/v1/me"))
                                        .header("Authorization", "Bearer tok-added-while-serving")
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                added = r.statusCode();
                addedBody = r.body();
            }
            assertEquals(200, added, addedBody);
            assertTrue(addedBody.contains("\"hf_user\":\"ada\""), addedBody);
            // SETUP.md's step 5: the organizer broadcasts the goal with collab agent
            String setup = Files.readString(folder.resolve("SETUP.md"));
            assertTrue(setup.contains("--agent human-organizer post --broadcast"), setup);
            String broadcast = CollabProcess.run(
                    Map.of(),
                    "agent",
                    "--url",
                    api.toString(),
                    "--token",
                    token.group(1),
                    "--agent",
                    "human-organizer",
                    "post",
                    "--broadcast",
                    "Decode faster without losing quality.");
            assertTrue(broadcast.contains("broadcast to every inbox"), broadcast);
            var signIn = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(api.resolve("/auth/token"))
                                    .header("X-Collab-Dashboard", "1")
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"token\":\"" + token.group(1) + "\"}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, signIn.statusCode(), signIn.body());
            cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            // the same configuration started twice: the second server stops before it recovers or writes anything
            try (CollabProcess second = CollabProcess.start(
                    Map.of(), "serve", "--config", folder.resolve("collab.yaml").toString(), "--port", "0")) {
                assertEquals(1, second.waitFor(Duration.ofSeconds(90)), second.output());
                assertTrue(
                        second.output()
                                .contains("collab serve: another collab serve is running over the central bucket"
                                        + " acme/speedrun-main-bucket (pid " + server.pid() + ", started "),
                        second.output());
                assertTrue(second.output().contains(", listening on " + api + ")"), second.output());
                assertTrue(!second.output().contains("audit recovery"), second.output());
            }
            assertEquals(
                    200,
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(api.resolve("/v1/me"))
                                            .header("Authorization", "Bearer " + token.group(1))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            server.terminate(Duration.ofSeconds(30));
        }
        // the index snapshots collab init configures are written at shutdown, for the next start to load
        assertTrue(config.contains("index_snapshot: data/index/board-index.snapshot"), config);
        assertTrue(Files.isRegularFile(folder.resolve("data/index/board-index.snapshot")));
        assertTrue(Files.isRegularFile(folder.resolve("data/index/board-index.snapshot.results")));
        // the session file collab init configures keeps the dashboard sign-in across a restart
        assertTrue(config.contains("session_store: data/dashboard-sessions.json"), config);
        assertTrue(Files.isRegularFile(folder.resolve("data/dashboard-sessions.json")));
        try (CollabProcess server = CollabProcess.start(
                Map.of(), "serve", "--config", folder.resolve("collab.yaml").toString(), "--port", "0")) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            var session = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(api.resolve("/auth/session"))
                                    .header("X-Collab-Dashboard", "1")
                                    .header("Cookie", cookie)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, session.statusCode(), session.body());
            assertTrue(session.body().contains("\"is_organizer\":true"), session.body());
            server.kill(Duration.ofSeconds(30));
        }
        // a killed server's locks went with its process: the next start is not refused
        try (CollabProcess server = CollabProcess.start(
                Map.of(), "serve", "--config", folder.resolve("collab.yaml").toString(), "--port", "0")) {
            server.awaitListening(Duration.ofSeconds(90));
            server.terminate(Duration.ofSeconds(30));
        }
    }
}
