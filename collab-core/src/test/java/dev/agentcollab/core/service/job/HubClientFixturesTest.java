package dev.agentcollab.core.service.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.job.spi.JobHandle;
import dev.agentcollab.api.job.spi.JobListing;
import dev.agentcollab.api.job.spi.JobSpec;
import dev.agentcollab.api.job.spi.JobStage;
import dev.agentcollab.api.job.spi.JobVolume;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.identity.HubIdentityProvider;
import dev.agentcollab.hf.HfHubClient;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Hub clients against request and response examples of the official clients (huggingface_hub and
 * huggingface.js; see {@code hub-fixtures/SOURCES.md}), replayed by a plain server: the expected bodies and the
 * answers were not written by this project's code.
 */
@Timeout(60)
class HubClientFixturesTest {
    private static final BucketId AGENT = BucketId.parse("my-org/agent-1");

    private static HfJobsRunner runner(ReplayServer server, String namespace) {
        return new HfJobsRunner(
                HttpClient.newHttpClient(), server.uri(), namespace, () -> "hf_token", Duration.ofSeconds(20));
    }

    private static JsonNode fixture(String name) throws Exception {
        return Json.mapper().readTree(ReplayServer.read(name));
    }

    /** The body as it goes on the wire, read back (so numbers compare by value, not by Java type). */
    private static JsonNode wire(JobSpec spec) throws Exception {
        return Json.mapper().readTree(HfJobsRunner.payload(spec).toString());
    }

    @Test
    void aDockerRunBodyIsWhatHuggingfaceHubSends() throws Exception {
        JobSpec spec = new JobSpec(
                "python:3.12",
                List.of("python", "-c", "print('Hello from the cloud!')"),
                "a10g-small",
                Duration.ofMinutes(40),
                Map.of("task", "fast-gemma-benchmark", "via", "bucket-sync-api"),
                List.of(
                        new JobVolume(AGENT, "submissions/v1", "/submission", true),
                        new JobVolume(AGENT, "runs/r1", "/state", false)));
        assertEquals(fixture("hfh-run-job-request-docker.json"), wire(spec));
    }

    @Test
    void aSpaceImageIsSentAsSpaceIdLikeHuggingfaceHubDoes() throws Exception {
        JobSpec spec = new JobSpec(
                "hf.co/spaces/lhoestq/duckdb",
                List.of("duckdb", "-c", "select 'hello world'"),
                "cpu-basic",
                Duration.ofSeconds(300),
                Map.of(),
                List.of());
        assertEquals(fixture("hfh-run-job-request-space.json"), wire(spec));
        for (String image : List.of(
                "https://huggingface.co/spaces/lhoestq/duckdb",
                "https://hf.co/spaces/lhoestq/duckdb",
                "huggingface.co/spaces/lhoestq/duckdb")) {
            JsonNode body =
                    wire(new JobSpec(image, List.of("x"), "cpu-basic", Duration.ofSeconds(300), Map.of(), List.of()));
            assertEquals("lhoestq/duckdb", body.path("spaceId").asText(), image);
            assertTrue(body.path("dockerImage").isMissingNode(), image);
        }
    }

    @Test
    void aJobInfoFromHuggingfaceHubIsReadAsTheHandleAndUrlItDescribes() {
        try (ReplayServer hub = new ReplayServer()
                .fixture("POST /api/jobs/lhoestq", "application/json", "hfh-job-info.json")
                .fixture("GET /api/jobs/lhoestq/687fb701029421ae5549d998", "application/json", "hfh-job-info.json")) {
            HfJobsRunner runner = runner(hub, "lhoestq");
            JobHandle handle = runner.launch(new JobSpec(
                    "python:3.12",
                    List.of("python", "-c", "print('Hello from the cloud!')"),
                    "cpu-basic",
                    Duration.ofMinutes(30),
                    Map.of(),
                    List.of()));
            assertEquals("687fb701029421ae5549d998", handle.id());
            // huggingface_hub: url = f"{endpoint}/jobs/{owner.name}/{id}"
            assertEquals(hub.uri() + "/jobs/lhoestq/687fb701029421ae5549d998", handle.url());
            assertEquals(JobStage.RUNNING, handle.stage());
            assertEquals(JobStage.RUNNING, runner.inspect(handle.id()).stage());
            assertEquals("Bearer hf_token", hub.seen.get(0).authorization());
        }
    }

    @Test
    void listFiltersAreRepeatedStageAndKeyValueLabelParametersAsInHuggingfaceHubsTests() {
        byte[] list = ("[" + new String(ReplayServer.read("hfh-job-info.json"), StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8);
        try (ReplayServer hub = new ReplayServer().answer("GET /api/jobs/user", "application/json", list)) {
            HfJobsRunner runner = runner(hub, "user");
            // the replayed job carries no labels, so it does not match
            assertEquals(List.of(), runner.listActive(Map.of("env", "prod", "team", "ml")));
            List<String> params = new ArrayList<>();
            for (String pair : hub.seen.get(0).rawQuery().split("&")) {
                params.add(URLDecoder.decode(pair, StandardCharsets.UTF_8));
            }
            params.sort(null);
            // huggingface_hub tests/test_jobs_api.py: [("stage","RUNNING"), ("stage","SCHEDULING"),
            // ("label","env=prod"), ("label","team=ml")]
            List<String> expected =
                    new ArrayList<>(List.of("stage=RUNNING", "stage=SCHEDULING", "label=env=prod", "label=team=ml"));
            expected.sort(null);
            assertEquals(expected, params);
            assertEquals("Bearer hf_token", hub.seen.get(0).authorization());
        }
    }

    @Test
    void aListedJobInfoKeepsItsLabelsAndBucketVolumes() throws Exception {
        JsonNode info = fixture("hfh-job-info.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) info)
                .set("labels", Json.mapper().readTree("{\"collab\":\"fast-gemma\",\"run_id\":\"abc\"}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) info)
                .set("volumes", fixture("hfh-run-job-request-docker.json").path("volumes"));
        JobListing listing = HfJobsRunner.listing(info.toString(), "https://huggingface.co", "lhoestq")
                .orElseThrow();
        assertEquals(
                "https://huggingface.co/jobs/lhoestq/687fb701029421ae5549d998",
                listing.handle().url());
        assertEquals(Map.of("collab", "fast-gemma", "run_id", "abc"), listing.labels());
        assertEquals(Optional.of(new JobVolume(AGENT, "runs/r1", "/state", false)), listing.volumeAt("/state"));
    }

    @Test
    void theHardwareListOfHuggingfaceHubIsReadByName() {
        try (ReplayServer hub =
                new ReplayServer().fixture("GET /api/jobs/hardware", "application/json", "hfh-hardware.json")) {
            HfJobsRunner runner = runner(hub, "org");
            assertEquals(List.of("cpu-basic"), runner.hardware());
            runner.checkFlavor("cpu-basic");
        }
    }

    @Test
    void anSseLogStreamInHuggingfaceHubsFormatIsReadWithoutBannerOrComments() {
        try (ReplayServer hub = new ReplayServer()
                .fixture("GET /api/jobs/org/687fb701029421ae5549d998/logs", "text/event-stream", "hfh-logs.sse")) {
            assertEquals("Hello from the cloud!\ndone", runner(hub, "org").logs("687fb701029421ae5549d998", 100));
            assertEquals("tail=100", hub.seen.get(0).rawQuery());
        }
    }

    @Test
    void aWhoamiAnswerOfHuggingfaceJsIsReadAsTheUserItDescribes() {
        try (ReplayServer hub =
                new ReplayServer().fixture("GET /api/whoami-v2", "application/json", "hjs-whoami-user.json")) {
            HfHubClient client = HfHubClient.builder().endpoint(hub.uri()).build();
            dev.agentcollab.hf.identity.HfIdentity raw = client.whoami("hf_hub.js");
            assertEquals("hub.js", raw.name());
            assertEquals("user", raw.type());
            assertEquals(Optional.of("access_token"), raw.authType());
            assertEquals(List.of("inference-api"), raw.permissions());
            HfIdentity id = new HubIdentityProvider(client, Duration.ofMinutes(5), java.time.InstantSource.system())
                    .whoami("hf_hub.js");
            assertEquals(new HfIdentity("hub.js", List.of(), Optional.of("eliott@huggingface.co")), id);
            assertEquals("Bearer hf_hub.js", hub.seen.get(0).authorization());
            assertEquals(2, hub.seen.size());
        }
    }
}
