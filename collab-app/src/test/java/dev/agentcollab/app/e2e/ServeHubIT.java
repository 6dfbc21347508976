package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.core.bucket.hf.HfBucketStoreProvider;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collab serve} on docs/examples/serve-hf.yaml against the fake Hub of collab-testkit: {@code hf://}
 * buckets, identity from whoami and org membership, evaluation jobs on the fake Hub's Jobs API; three agents, a job
 * launched with {@code collab agent job launch}, SIGTERM, restart, record intact. The verifier is switched off
 * through the environment.
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class ServeHubIT {
    private static final String ORG = "my-org";
    private static final ThreeAgents CAST = new ThreeAgents(
            "tps",
            new ThreeAgents.Agent("drafter-lab", "ada", "hf_ada_token_0001"),
            new ThreeAgents.Agent("kernel-smith", "grace", "hf_grace_token_0002"),
            new ThreeAgents.Agent("eval-keeper", "alan", "hf_alan_token_0003"));

    @TempDir
    Path dir;

    @Test
    @Timeout(600) // about 150 s on a loaded 2-core machine: eight JVM starts and Xet uploads
    void threeAgentsOnHubBucketsWithHubIdentitySurviveARestart() {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("organizer", "hf_organizer_token_0000", Map.of(ORG, "admin"));
            for (ThreeAgents.Agent a : new ThreeAgents.Agent[] {CAST.drafter(), CAST.kernel(), CAST.evals()}) {
                hub.addUser(a.user(), a.token(), Map.of(ORG, "write"));
            }
            Map<String, String> env = new HashMap<>();
            env.put("HF_TOKEN", "hf_organizer_token_0000");
            env.put("COLLAB_HUB_ENDPOINT", hub.endpoint().toString());
            env.put("COLLAB_SERVER_HOST", "127.0.0.1");
            env.put("COLLAB_SERVER_PUBLIC_URL", "");
            env.put("COLLAB_JOBS_RUNNER", "hf-jobs");
            env.put("COLLAB_VERIFIER_ENABLED", "false");
            // the example's index snapshots would land beside the checkout and outlive the run
            env.put(
                    "COLLAB_STORAGE_INDEX_SNAPSHOT",
                    dir.resolve("index/board-index.snapshot").toString());
            Path config = CollabProcess.examples().resolve("serve-hf.yaml");

            try (CollabProcess server =
                    CollabProcess.start(env, "serve", "--config", config.toString(), "--port", "0")) {
                URI api = server.awaitListening(Duration.ofSeconds(90));
                assertTrue(hub.hasBucket(BucketId.parse(ORG + "/fast-gemma-main-bucket")), server.output());
                CAST.play(new CliAgentDriver(
                        api,
                        ORG,
                        "fast-gemma",
                        "hf://buckets",
                        Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                        dir));
                launchJob(api, hub);
                server.terminate(Duration.ofSeconds(30));
                assertTrue(server.output().contains("collab serve: stopped"), server.output());
            }
            // the restart below loads the ranked results saved at shutdown instead of reading them from the Hub
            assertTrue(Files.isRegularFile(dir.resolve("index/board-index.snapshot.results")));
            // the restart reads its token from hub.token_file, and the token is rotated while it serves
            Path tokenFile = dir.resolve("hub-token");
            Map<String, String> fromFile = new HashMap<>(env);
            fromFile.remove("HF_TOKEN");
            fromFile.put("COLLAB_SERVER_CLAIM_RENEWAL", "2s"); // the claim checks below wait for renewals
            fromFile.put("COLLAB_HUB_TOKEN_FILE", tokenFile.toString());
            try {
                Files.writeString(tokenFile, "hf_organizer_token_0000\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (CollabProcess again =
                    CollabProcess.start(fromFile, "serve", "--config", config.toString(), "--port", "0")) {
                URI api = again.awaitListening(Duration.ofSeconds(90));
                assertTrue(again.output().contains("collab serve: Hub token from " + tokenFile), again.output());
                hub.revokeToken("hf_organizer_token_0000");
                hub.addUser("organizer", "hf_organizer_token_0001", Map.of(ORG, "admin"));
                try {
                    Files.writeString(tokenFile, "hf_organizer_token_0001\n");
                    Files.setLastModifiedTime(
                            tokenFile,
                            java.nio.file.attribute.FileTime.from(
                                    java.time.Instant.now().plusSeconds(5)));
                    Thread.sleep(1_500);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                ThreeAgents.Agent a = CAST.drafter();
                String posted = CollabProcess.run(
                        Map.of(
                                "COLLAB_URL", api.toString(),
                                "COLLAB_TOKEN", a.token(),
                                "COLLAB_AGENT", a.id(),
                                "COLLAB_PROFILE",
                                        dir.resolve("no-profile.properties").toString()),
                        "agent",
                        "post",
                        "written with the rotated server token");
                assertTrue(posted.contains("posted message_board/"), posted + "\n" + again.output());
                CAST.verifyRecord(driver(api, hub));
                refusedOnAnotherMachine(fromFile, config, again.output());
                assertTrue(hub.paths(BucketId.parse(ORG + "/fast-gemma-main-bucket"))
                        .contains("README.md"));
                stopsWhenAnotherMachineTookOver(again, hub);
            }
        }
    }

    /**
     * A server started on another machine (another host name; its own index snapshot, so no OS lock is shared)
     * while this one runs is refused by the claim in the audit bucket, before it writes anything.
     */
    private void refusedOnAnotherMachine(Map<String, String> env, Path config, String running) {
        Map<String, String> elsewhere = new HashMap<>(env);
        elsewhere.put("HOSTNAME", "second-machine");
        elsewhere.put(
                "COLLAB_STORAGE_INDEX_SNAPSHOT",
                dir.resolve("elsewhere/board-index.snapshot").toString());
        try (CollabProcess second =
                CollabProcess.start(elsewhere, "serve", "--config", config.toString(), "--port", "0")) {
            assertEquals(1, second.waitFor(Duration.ofSeconds(90)), second.output());
            assertTrue(second.output().contains("collab serve: another collab serve on "), second.output());
            assertTrue(second.output().contains("holds this collaboration (pid "), second.output());
            assertTrue(!second.output().contains("collab serve: listening on"), second.output());
        }
        assertTrue(!running.contains("took this collaboration over"), running);
    }

    /**
     * A server whose claim another machine took over (as after the server's machine slept past the claim's watch)
     * stops at its next renewal (every 2 s here), with exit status 1 and the reason.
     */
    private static void stopsWhenAnotherMachineTookOver(CollabProcess server, FakeHfHub hub) {
        try (BucketStore elsewhere = BucketStores.open(
                "hf://buckets",
                Map.of(
                        HfBucketStoreProvider.ENDPOINT,
                        hub.endpoint().toString(),
                        HfBucketStoreProvider.TOKEN,
                        "hf_organizer_token_0001"))) {
            String now = java.time.Instant.now().toString();
            elsewhere.put(
                    BucketId.parse(ORG + "/fast-gemma-audit"),
                    BucketPath.of(".collab/serve-claim.json"),
                    ("{\"claim_id\":\"taken\",\"host\":\"second-machine\",\"pid\":5,\"claimed\":\"" + now
                                    + "\",\"renewed\":\"" + now + "\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(1, server.waitFor(Duration.ofSeconds(90)), server.output());
        assertTrue(
                server.output()
                        .contains(
                                "collab serve: the server on second-machine (pid 5) took this collaboration" + " over"),
                server.output());
        assertTrue(server.output().endsWith("collab serve: stopped"), server.output());
    }

    /** The evaluator launches a job with collab agent; it runs on HF Jobs in the org, labelled with the agent. */
    private void launchJob(URI api, FakeHfHub hub) {
        ThreeAgents.Agent a = CAST.evals();
        Map<String, String> env = Map.of(
                "HF_ENDPOINT", hub.endpoint().toString(),
                "COLLAB_URL", api.toString(),
                "COLLAB_TOKEN", a.token(),
                "COLLAB_AGENT", a.id(),
                "COLLAB_BUCKETS", "hf://buckets",
                "COLLAB_PROFILE", dir.resolve("no-profile.properties").toString());
        // the submission the job evaluates, uploaded to the agent's Hub bucket first (a launch without one is refused)
        Path submission = dir.resolve("submission-v1");
        try {
            Files.createDirectories(submission);
            Files.writeString(submission.resolve("decoding.json"), "{\"mode\":\"plain\"}\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> withToken = new java.util.HashMap<>(env);
        withToken.put("HF_TOKEN", a.token());
        CollabProcess.run(
                withToken,
                "bucket",
                "--store",
                "hf://buckets",
                "cp",
                submission.toString(),
                "hf://buckets/" + ORG + "/fast-gemma-" + a.id() + "/submissions/v1");
        String launched =
                CollabProcess.run(env, "agent", "job", "launch", "--submission", "submissions/v1", "--run", "runs/r1");
        assertTrue(launched.contains("launched job"), launched);
        assertEquals(1, hub.jobs().jobIds().size(), launched);
        JsonNode job = hub.jobs().info(hub.jobs().jobIds().get(0));
        assertTrue(job.toString().contains(a.id()), job.toString());
        String status = CollabProcess.run(env, "agent", "job", "status", "--run", "runs/r1");
        assertTrue(status.contains("agent_id: " + a.id()), status);
    }

    private HttpAgentDriver driver(URI api, FakeHfHub hub) {
        return new HttpAgentDriver(
                api,
                ORG,
                "fast-gemma",
                "hf://buckets",
                Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                dir);
    }
}
