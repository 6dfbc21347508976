package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a failed call tells its caller: kind, status, the Hub's error code and message, Retry-After, resource. */
@Timeout(60)
class HfHubExceptionTest {
    private static final HfBucketId B = HfBucketId.parse("team/b");

    private FakeHfHub hub;
    private HfHubClient ana;

    @BeforeEach
    void start() {
        hub = FakeHfHub.start().addUser("ana", "hf_ana", Map.of("team", "admin", "readers", "read"));
        ana = HfHubClient.builder().endpoint(hub.endpoint()).token("hf_ana").build();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aBadTokenIsUnauthorizedWithItsStatus() {
        HfHubException e = assertThrows(HfHubException.class, () -> ana.whoami("hf_wrong"));
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals(401, e.status());
        assertEquals(Resource.IDENTITY, e.resource());
        assertFalse(e.retryable());
        HfHubException none = assertThrows(
                HfHubException.class,
                () -> HfHubClient.builder().endpoint(hub.endpoint()).build().whoami());
        assertEquals(Kind.UNAUTHORIZED, none.kind());
        assertEquals(0, none.status(), "no call was made");
    }

    @Test
    void aTokenThatNoHeaderCanCarryIsUnauthorizedNotACrash() {
        for (String token : List.of("hf_a\nb", "hf_a\u0001b", "hf_\u20ac", "hf_a\u007fb")) {
            HfHubException e = assertThrows(HfHubException.class, () -> ana.whoami(token), token);
            assertEquals(Kind.UNAUTHORIZED, e.kind(), token);
            assertEquals(0, e.status(), "no call was made");
            assertEquals(Resource.IDENTITY, e.resource());
        }
    }

    @Test
    void missingBucketsAndFilesAreEmptyAnswersNotErrors() {
        assertEquals(Optional.empty(), ana.bucketInfo(B));
        ana.createBucket(B, true, false);
        assertEquals(Optional.empty(), ana.download(B, "none"));
        assertEquals(Optional.empty(), ana.xetFile(B, "none"));
        HfHubException gone = assertThrows(HfHubException.class, () -> ana.listTree(HfBucketId.parse("team/x"), ""));
        assertEquals(Kind.NOT_FOUND, gone.kind());
        assertEquals(Resource.BUCKET, gone.resource());
    }

    @Test
    void creatingAnExistingBucketIsAConflictOnCreation() {
        ana.createBucket(B, true, false);
        HfHubException e = assertThrows(HfHubException.class, () -> ana.createBucket(B, true, false));
        assertEquals(Kind.CONFLICT, e.kind());
        assertEquals(409, e.status());
        assertEquals(Resource.BUCKET_CREATION, e.resource());
        assertEquals(B, ana.createBucket(B, true, true).id());
        HfHubException refused =
                assertThrows(HfHubException.class, () -> ana.createBucket(HfBucketId.parse("readers/x"), true, false));
        assertEquals(Kind.FORBIDDEN, refused.kind());
    }

    @Test
    void throttlingIsRetryableAndKeepsRetryAfter() {
        ana.createBucket(B, true, false);
        hub.faults().inject(Fault.failNext(StoreOp.LIST, 1, ErrorCode.RATE_LIMITED, Duration.ofSeconds(7)));
        HfHubException e = assertThrows(HfHubException.class, () -> ana.listTree(B, ""));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(429, e.status());
        assertTrue(e.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertTrue(e.getMessage().startsWith("list team/b: HTTP 429"), e.getMessage());
    }

    @Test
    void retryAfterAsAnHttpDateIsTheWaitUntilThatDate() {
        // RFC 9110 10.2.3: Retry-After = HTTP-date / delay-seconds; the date is read against the answer's Date
        HfHubException e = throttled(Map.of(
                "Retry-After", List.of("Wed, 21 Oct 2026 07:28:00 GMT"),
                "Date", List.of("Wed, 21 Oct 2026 07:26:30 GMT")));
        assertEquals(Optional.of(Duration.ofSeconds(90)), e.retryAfter());
        HfHubException obsolete = throttled(Map.of(
                "Retry-After", List.of("Wednesday, 21-Oct-26 07:28:00 GMT"),
                "Date", List.of("Wed Oct 21 07:27:00 2026")));
        assertEquals(Optional.of(Duration.ofSeconds(60)), obsolete.retryAfter());
        HfHubException past = throttled(Map.of(
                "Retry-After", List.of("Wed, 21 Oct 2026 07:28:00 GMT"),
                "Date", List.of("Wed, 21 Oct 2026 07:29:00 GMT")));
        assertEquals(Optional.of(Duration.ZERO), past.retryAfter());
        // without a Date header, against this machine's clock
        Duration far = throttled(Map.of("Retry-After", List.of("Fri, 01 Jan 2100 00:00:00 GMT")))
                .retryAfter()
                .orElseThrow();
        assertTrue(far.compareTo(Duration.ofDays(365)) > 0, far.toString());
        assertEquals(
                Optional.of(Duration.ofSeconds(7)),
                throttled(Map.of("Retry-After", List.of(" 7 "))).retryAfter());
        assertEquals(
                Optional.empty(),
                throttled(Map.of("Retry-After", List.of("soon"))).retryAfter());
        assertEquals(
                Optional.empty(),
                throttled(Map.of("Retry-After", List.of("-5"))).retryAfter());
    }

    private static HfHubException throttled(Map<String, List<String>> headers) {
        return HfHubException.fromAnswer(
                429, HttpHeaders.of(headers, (k, v) -> true), null, Resource.BUCKET, "list team/b");
    }

    @Test
    void anUnreachableHubIsUnavailableWithoutAStatus() {
        int port = hub.port();
        hub.close();
        HfHubClient offline = HfHubClient.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .token("hf_ana")
                .timeout(Duration.ofSeconds(5))
                .build();
        HfHubException e = assertThrows(HfHubException.class, offline::whoami);
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(0, e.status());
        assertTrue(e.retryable());
    }

    @Test
    void kindsByStatus() {
        assertEquals(Kind.NOT_FOUND, Kind.ofStatus(404));
        assertEquals(Kind.PAYLOAD_TOO_LARGE, Kind.ofStatus(413));
        assertEquals(Kind.BAD_REQUEST, Kind.ofStatus(422));
        assertEquals(Kind.UNAVAILABLE, Kind.ofStatus(503));
        assertEquals(Kind.TIMEOUT, Kind.ofStatus(504));
        // RFC 9110 15.5.9: the server gave up waiting for the request, which may be sent again
        assertEquals(Kind.TIMEOUT, Kind.ofStatus(408));
        assertTrue(Kind.ofStatus(408).retryable());
        assertEquals(Kind.SERVER_ERROR, Kind.ofStatus(500));
        assertThrows(
                IllegalArgumentException.class,
                () -> new HfHubException(Kind.SERVER_ERROR, 42, Resource.BUCKET, "x", null, null, null, null));
    }
}
