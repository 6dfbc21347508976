package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Handler NOOP = call -> {};

    private final Router router = new Router.Builder()
            .get("/v1/messages", NOOP)
            .post("/v1/messages", NOOP)
            .get("/v1/messages/{filename}", NOOP)
            .get("/v1/taskforces/{name}/files/{path+}", NOOP)
            .post("/v1/jobs:run", NOOP)
            .build();

    @Test
    void matchesLiteralsParamsAndRest() {
        assertEquals(
                "/v1/messages", router.resolve("GET", "/v1/messages").route().template());
        assertEquals("POST", router.resolve("POST", "/v1/messages").route().method());
        assertEquals(
                Map.of("filename", "a b.md"),
                router.resolve("GET", "/v1/messages/a%20b.md").params());
        assertEquals(
                Map.of("name", "tf", "path", "dir/x_agent-1.json"),
                router.resolve("GET", "/v1/taskforces/tf/files/dir/x_agent-1.json")
                        .params());
        assertEquals(
                "/v1/jobs:run", router.resolve("POST", "/v1/jobs:run").route().template());
    }

    @Test
    void plusInAPathIsLiteral() {
        assertEquals(
                Map.of("filename", "a+b"),
                router.resolve("GET", "/v1/messages/a+b").params());
    }

    @Test
    void headIsServedByGet() {
        assertEquals("GET", router.resolve("HEAD", "/v1/messages").route().method());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        CollabException notFound = assertThrows(CollabException.class, () -> router.resolve("GET", "/v1/nope"));
        assertEquals(ErrorCode.ROUTE_NOT_FOUND, notFound.code());
        CollabException wrong = assertThrows(CollabException.class, () -> router.resolve("DELETE", "/v1/messages"));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, wrong.code());
        assertEquals(Optional.of("allowed: GET, POST"), wrong.hint());
    }

    @Test
    void restSegmentNeedsAtLeastOneSegmentAndExtraSegmentsDoNotMatch() {
        assertThrows(CollabException.class, () -> router.resolve("GET", "/v1/taskforces/tf/files/"))
                .code();
        assertTrue(new Route("GET", "/v1/messages/{f}", NOOP)
                .match("/v1/messages/a/b")
                .isEmpty());
    }

    @Test
    void restSegmentMustBeLast() {
        assertThrows(IllegalArgumentException.class, () -> new Route("GET", "/v1/{p+}/x", NOOP));
    }
}
