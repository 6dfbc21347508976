package dev.agentcollab.testkit.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake Hub's whoami limits, OAuth tokens, member paging and Jobs API, driven with plain HTTP requests. */
@Timeout(60)
class FakeHubIdentityAndJobsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final String RUN =
            """
            {"command":["python","-c","print(1)"],"arguments":[],"environment":{},"flavor":"cpu-basic",
             "timeoutSeconds":60,"labels":{"collab":"x","run_id":"r1"},"dockerImage":"python:3.12",
             "volumes":[{"type":"bucket","source":"team/b","mountPath":"/state","readOnly":false,"path":"runs/r1"}]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeHfHub hub;

    @BeforeEach
    void start() {
        hub = FakeHfHub.start(InstantSource.fixed(T));
        hub.addUser("ana", "hf_ana", Map.of("team", "admin"), "ana@example.org");
        hub.addUser("bo", "hf_bo", Map.of("team", "read"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void whoamiIsRateLimitedLikeTheHubWhenAsked() throws Exception {
        hub.limitWhoami(2, Duration.ofMinutes(5));
        assertEquals(200, send("GET", "/api/whoami-v2", "hf_ana", null).statusCode());
        assertEquals(401, send("GET", "/api/whoami-v2", "hf_nobody", null).statusCode());
        HttpResponse<String> limited = send("GET", "/api/whoami-v2", "hf_ana", null);
        assertEquals(429, limited.statusCode());
        assertEquals("300", limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(limited.body().contains("intentionally strict"), limited.body());
    }

    @Test
    void anOAuthTokenRevealsOnlyWhatItsScopesAllow() throws Exception {
        hub.addUser("cy", "hf_cy", Map.of("team", "write", "other", "admin"), "cy@example.org");
        hub.addOAuthToken("cy", "oa_plain", Set.of("openid", "profile"), Set.of("team"), T.plusSeconds(60));
        hub.addOAuthToken(
                "cy", "oa_full", Set.of("openid", "email", "read-memberships"), Set.of("team"), T.plusSeconds(60));
        hub.addOAuthToken("cy", "oa_old", Set.of("openid"), Set.of("team"), T.minusSeconds(1));
        JsonNode plain =
                JSON.readTree(send("GET", "/api/whoami-v2", "oa_plain", null).body());
        assertEquals("cy", plain.path("name").asText());
        assertFalse(plain.has("email"));
        assertEquals(1, plain.path("orgs").size());
        assertFalse(plain.path("orgs").get(0).has("roleInOrg"));
        JsonNode full =
                JSON.readTree(send("GET", "/api/whoami-v2", "oa_full", null).body());
        assertEquals("cy@example.org", full.path("email").asText());
        assertEquals("write", full.path("orgs").get(0).path("roleInOrg").asText());
        assertTrue(full.path("auth").path("permissions").toString().contains("read-memberships"));
        assertEquals(401, send("GET", "/api/whoami-v2", "oa_old", null).statusCode());
    }

    @Test
    void memberPagesCanComeWithoutLinkHeaders() throws Exception {
        hub.memberPaging(1, false);
        HttpResponse<String> first = send("GET", "/api/organizations/team/members?limit=100", "hf_ana", null);
        assertEquals(1, JSON.readTree(first.body()).size());
        assertTrue(first.headers().firstValue("Link").isEmpty());
        HttpResponse<String> second = send("GET", "/api/organizations/team/members?limit=100&offset=1", "hf_ana", null);
        assertEquals("bo", JSON.readTree(second.body()).get(0).path("user").asText());
        hub.memberPaging(1, true);
        assertTrue(send("GET", "/api/organizations/team/members", "hf_ana", null)
                .headers()
                .firstValue("Link")
                .isPresent());
    }

    @Test
    void jobsNeedATokenWithAWritingRoleInTheNamespace() throws Exception {
        assertEquals(401, send("POST", "/api/jobs/team", null, RUN).statusCode());
        assertEquals(403, send("POST", "/api/jobs/team", "hf_bo", RUN).statusCode());
        assertEquals(200, send("POST", "/api/jobs/team", "hf_ana", RUN).statusCode());
        assertEquals(401, send("GET", "/api/jobs/hardware", null, null).statusCode());
    }

    @Test
    void aMemberWithTheNoAccessRoleMayNeitherRunJobsNorTouchTheOrgsBuckets() throws Exception {
        hub.addUser("di", "hf_di", Map.of("team", "no_access"));
        hub.createBucket(dev.agentcollab.api.bucket.BucketId.parse("team/private-b"), true);
        assertEquals(403, send("POST", "/api/jobs/team", "hf_di", RUN).statusCode());
        assertEquals(403, send("GET", "/api/jobs/team", "hf_di", null).statusCode());
        assertEquals(403, send("POST", "/api/buckets/team/new-b", "hf_di", "{}").statusCode());
        assertEquals(
                404, send("GET", "/api/buckets/team/private-b", "hf_di", null).statusCode());
        assertEquals(
                200, send("GET", "/api/buckets/team/private-b", "hf_bo", null).statusCode());
    }

    @Test
    void theHardwareListHoldsEveryFlavorOfHuggingfaceHubsJobHardware() throws Exception {
        // huggingface_hub's JobHardware, "kept in sync with the Hub API"
        List<String> documented = List.of(
                "cpu-basic",
                "cpu-upgrade",
                "cpu-performance",
                "cpu-xl",
                "t4-small",
                "t4-medium",
                "l4x1",
                "l4x4",
                "l40sx1",
                "l40sx4",
                "l40sx8",
                "a10g-small",
                "a10g-large",
                "a10g-largex2",
                "a10g-largex4",
                "a100-large",
                "a100x4",
                "a100x8",
                "h200",
                "h200x2",
                "h200x4",
                "h200x8",
                "rtx-pro-6000",
                "rtx-pro-6000x2",
                "rtx-pro-6000x4",
                "rtx-pro-6000x8");
        JsonNode hardware =
                JSON.readTree(send("GET", "/api/jobs/hardware", "hf_ana", null).body());
        List<String> listed = new java.util.ArrayList<>();
        hardware.forEach(h -> listed.add(h.path("name").asText()));
        assertEquals(documented, listed);
        String rtx = RUN.replace("cpu-basic", "rtx-pro-6000x2");
        assertEquals(200, send("POST", "/api/jobs/team", "hf_ana", rtx).statusCode());
    }

    @Test
    void aThrottledLaunchIsAnswered429WithRetryAfterAndTheHubsMessage() throws Exception {
        hub.jobs().failLaunches(429, "slow down", Duration.ofSeconds(7));
        HttpResponse<String> r = send("POST", "/api/jobs/team", "hf_ana", RUN);
        assertEquals(429, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("slow down", r.headers().firstValue("X-Error-Message").orElseThrow());
        assertEquals("slow down", JSON.readTree(r.body()).path("error").asText());
        assertTrue(hub.jobs().jobIds().isEmpty());
    }

    @Test
    void runBodiesAreCheckedLikeTheOfficialClientsBuildThem() throws Exception {
        for (String bad : new String[] {
            RUN.replace("\"dockerImage\":\"python:3.12\"", "\"dockerImage\":\"x\",\"spaceId\":\"a/b\""),
            RUN.replace(",\"dockerImage\":\"python:3.12\"", ""),
            RUN.replace("cpu-basic", "cpu-giant"),
            RUN.replace("\"run_id\":\"r1\"", "\"run_id\":\"a=b\""),
            RUN.replace("\"timeoutSeconds\":60", "\"timeoutSeconds\":0"),
            RUN.replace("\"type\":\"bucket\"", "\"type\":\"disk\""),
            RUN.replace("\"arguments\":[]", "\"args\":[]"),
            RUN.replace("[\"python\",\"-c\",\"print(1)\"]", "[]")
        }) {
            HttpResponse<String> r = send("POST", "/api/jobs/team", "hf_ana", bad);
            assertEquals(400, r.statusCode(), bad);
        }
        String space = RUN.replace("\"dockerImage\":\"python:3.12\"", "\"spaceId\":\"lhoestq/duckdb\"");
        JsonNode job =
                JSON.readTree(send("POST", "/api/jobs/team", "hf_ana", space).body());
        assertEquals("lhoestq/duckdb", job.path("spaceId").asText());
        assertEquals("SCHEDULING", job.path("status").path("stage").asText());
        assertEquals(24, job.path("id").asText().length());
        assertEquals("team", job.path("owner").path("name").asText());
    }

    @Test
    void inspectionsAnswer404WhileToldToAndListsFilterByStageAndLabel() throws Exception {
        String id = JSON.readTree(send("POST", "/api/jobs/team", "hf_ana", RUN).body())
                .path("id")
                .asText();
        hub.jobs().answer404(id, 2);
        assertEquals(404, send("GET", "/api/jobs/team/" + id, "hf_ana", null).statusCode());
        assertEquals(404, send("GET", "/api/jobs/team/" + id, "hf_ana", null).statusCode());
        assertEquals(200, send("GET", "/api/jobs/team/" + id, "hf_ana", null).statusCode());
        assertEquals(1, list("?stage=SCHEDULING&label=run_id%3Dr1").size());
        assertEquals(0, list("?stage=RUNNING").size());
        assertEquals(0, list("?label=run_id%3Dother").size());
        hub.jobs().logLines(java.util.List.of("one", "two", "three"));
        String logs = send("GET", "/api/jobs/team/" + id + "/logs?tail=2", "hf_ana", null)
                .body();
        assertTrue(logs.contains("===== Job started") && logs.contains(": keep-alive"), logs);
        assertFalse(logs.contains("\"one\""), logs);
        assertTrue(logs.contains("data: {\"data\":\"two\"") && logs.contains("\"three\""), logs);
        JsonNode canceled = JSON.readTree(
                send("POST", "/api/jobs/team/" + id + "/cancel", "hf_ana", "").body());
        assertEquals("CANCELED", canceled.path("status").path("stage").asText());
        assertEquals(1, hub.jobs().cancels(id));
    }

    @Test
    void listsPageWithLinkHeaders() throws Exception {
        hub.jobs().listPageSize(2);
        for (int i = 0; i < 5; i++) {
            send("POST", "/api/jobs/team", "hf_ana", RUN);
        }
        HttpResponse<String> first = send("GET", "/api/jobs/team?stage=SCHEDULING", "hf_ana", null);
        assertEquals(2, JSON.readTree(first.body()).size());
        String link = first.headers().firstValue("Link").orElseThrow();
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        HttpResponse<String> second = http.send(
                HttpRequest.newBuilder(URI.create(next))
                        .header("Authorization", "Bearer hf_ana")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(2, JSON.readTree(second.body()).size());
    }

    private JsonNode list(String query) throws Exception {
        return JSON.readTree(
                send("GET", "/api/jobs/team" + query, "hf_ana", null).body());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.endpoint() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
