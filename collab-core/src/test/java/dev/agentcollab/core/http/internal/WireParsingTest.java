package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.SortOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireParsingTest {

    @Test
    void bearerFollowsTheReferenceRules() {
        assertEquals(Optional.of("tok"), CallContext.parseAuthorization("Bearer tok"));
        assertEquals(Optional.of("tok"), CallContext.parseAuthorization("bEaReR   tok  "));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Bearer"));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Bearer   "));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Basic abc"));
        assertEquals(Optional.empty(), CallContext.parseAuthorization(null));
    }

    @Test
    void queryCoercionErrorsAre422() {
        QueryParams q = QueryParams.parse("limit=abc&expand=bogus&order=ASC&q=a%20b&q=last");
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> q.integer("limit")).code());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> q.bool("expand", false))
                        .code());
        assertEquals(Optional.of("last"), q.string("q"));
        for (String yes : List.of("true", "1", "YES", "on")) {
            assertTrue(QueryParams.parse("x=" + yes).bool("x", false));
        }
        for (String no : List.of("false", "0", "no", "OFF")) {
            assertFalse(QueryParams.parse("x=" + no).bool("x", true));
        }
    }

    @Test
    void listGrammarRoundTrips() {
        ListQuery q = ListQueries.parse(
                QueryParams.parse("since=20260601&agent=agent-1&expand=true&limit=5&order=asc&after=x.md&model=m"),
                List.of("model"));
        assertEquals(Optional.of("20260601"), q.since());
        assertEquals(Optional.of(5), q.limit());
        assertEquals(Optional.of(SortOrder.ASC), q.order());
        assertEquals("m", q.match().get("model"));
        assertTrue(q.expand());
        String rendered = HttpTransport.queryString(ListQueries.toParams(q));
        assertEquals(q, ListQueries.parse(QueryParams.parse(rendered.substring(1)), List.of("model")));
    }

    @Test
    void bodyShapeErrorsAre422WithTheField() {
        byte[] wrongType = "{\"refs\":[\"a\"]}".getBytes(StandardCharsets.UTF_8);
        CollabException e = assertThrows(
                CollabException.class, () -> JsonBody.parse(wrongType).string("refs"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("body.refs"));
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> JsonBody.parse("{nope".getBytes(StandardCharsets.UTF_8)))
                        .code());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> JsonBody.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                        .code());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> JsonBody.parse("{}".getBytes(StandardCharsets.UTF_8))
                                .requiredString("x"))
                        .code());
        assertTrue(JsonBody.parse("{\"f\":\"yes\"}".getBytes(StandardCharsets.UTF_8))
                .bool("f", false));
    }

    @Test
    void errorBodyOmitsAbsentHintAndCarriesRetryAfter() {
        CollabException plain = CollabException.of(ErrorCode.NOT_FOUND, "no such file: x");
        assertEquals(
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such file: x\"}}",
                ErrorResponses.body(plain).toString());
        assertEquals(-1, ErrorResponses.retryAfterSeconds(plain));
        CollabException limited =
                CollabException.retryAfter(ErrorCode.RATE_LIMITED, "slow down", Duration.ofMillis(11_200));
        assertEquals(12, ErrorResponses.retryAfterSeconds(limited));
        assertEquals(
                30, ErrorResponses.retryAfterSeconds(CollabException.of(ErrorCode.ORGANIZER_CHECK_UNAVAILABLE, "x")));
    }

    @Test
    void wireErrorsMapBackToTheSameCode() {
        CollabException sent =
                CollabException.of(ErrorCode.NOT_REGISTERED, "agent 'x' is not registered", "register first");
        byte[] body = ErrorResponses.body(sent).toString().getBytes(StandardCharsets.UTF_8);
        CollabException back = WireErrors.toException(404, body, null);
        assertEquals(ErrorCode.NOT_REGISTERED, back.code());
        assertEquals(sent.getMessage(), back.getMessage());
        assertEquals(Optional.of("register first"), back.hint());
        CollabException fastApi =
                WireErrors.toException(422, "{\"detail\":[{\"msg\":\"x\"}]}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(ErrorCode.INVALID_REQUEST, fastApi.code());
        assertEquals(
                ErrorCode.INTERNAL,
                WireErrors.toException(500, "Internal Server Error".getBytes(StandardCharsets.UTF_8), null)
                        .code());
    }

    @Test
    void aLongPlainErrorBodyIsCutBetweenCharactersNotInsideOne() {
        String body = "x".repeat(499) + "😀".repeat(10);
        String message = WireErrors.toException(500, body.getBytes(StandardCharsets.UTF_8), null)
                .getMessage();
        assertEquals("HTTP 500: " + "x".repeat(499) + "…", message);
        String emoji = "😀".repeat(300);
        assertEquals(
                "HTTP 500: " + "😀".repeat(250) + "…",
                WireErrors.toException(500, emoji.getBytes(StandardCharsets.UTF_8), null)
                        .getMessage());
    }

    @Test
    void aProxysHtmlErrorPageBecomesOneLineNamingThePage() {
        String page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
        CollabException e = WireErrors.toException(502, page.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(ErrorCode.UPSTREAM_ERROR, e.code());
        assertTrue(e.retryable());
        assertEquals(
                "HTTP 502: an HTML page '502 Bad Gateway' instead of the API's JSON"
                        + " (a proxy or gateway in front of the server?)",
                e.getMessage());
        assertFalse(e.getMessage().contains("<"), e.getMessage());
        CollabException text = WireErrors.toException(
                503,
                "upstream connect error\nor disconnect/reset before headers".getBytes(StandardCharsets.UTF_8),
                null);
        assertEquals("HTTP 503: upstream connect error or disconnect/reset before headers", text.getMessage());
        assertEquals(
                "HTTP 504: empty response body",
                WireErrors.toException(504, new byte[0], null).getMessage());
    }

    @Test
    void aCodeThisClientDoesNotKnowIsReadByItsStatusAndKeptInTheMessage() {
        CollabException busy = WireErrors.toException(
                503,
                "{\"error\":{\"code\":\"SHARD_MOVING\",\"message\":\"try again\"}}".getBytes(StandardCharsets.UTF_8),
                null);
        assertEquals(ErrorCode.UNAVAILABLE, busy.code());
        assertTrue(busy.retryable(), "a newer server's 503 is retried like any 503");
        assertEquals("SHARD_MOVING: try again", busy.getMessage());
        CollabException bad = WireErrors.toException(
                422, "{\"error\":{\"code\":\"NEW_RULE\",\"message\":\"no\"}}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(ErrorCode.INVALID_REQUEST, bad.code());
        assertFalse(bad.retryable());
        CollabException internal = WireErrors.toException(
                500, "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"boom\"}}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(ErrorCode.INTERNAL, internal.code());
        assertEquals("boom", internal.getMessage());
    }
}
