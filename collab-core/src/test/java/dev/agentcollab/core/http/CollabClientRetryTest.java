package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's retry policy end to end: server errors, Retry-After, the injected sleeper. */
class CollabClientRetryTest {
    private final Board board = mock(Board.class);
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> keys = new CopyOnWriteArrayList<>();
    private RunningServer server;

    @BeforeEach
    void start() {
        Collab collab = mock(Collab.class);
        when(collab.board()).thenReturn(board);
        server = CollabServer.create(c -> c.sessions(ctx -> {
                            keys.add(ctx.idempotencyKey());
                            return collab;
                        })
                        .description(ServiceDescription.of("org", "demo")))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CollabClient client(int attempts, Duration maxDelay) {
        return CollabClient.create(ClientConfig.custom(server.baseUri())
                .maxAttempts(attempts)
                .maxRetryDelay(maxDelay)
                .sleeper(slept::add)
                .build());
    }

    /** A client for a server that ignores Idempotency-Key: uncertain writes are never retried. */
    private CollabClient clientWithoutWriteRetries(int attempts, Duration maxDelay) {
        return CollabClient.create(ClientConfig.custom(server.baseUri())
                .maxAttempts(attempts)
                .maxRetryDelay(maxDelay)
                .sleeper(slept::add)
                .retryUncertainWrites(false)
                .build());
    }

    private static CollabException limited(int seconds) {
        return CollabException.retryAfter(
                ErrorCode.RATE_LIMITED,
                "rate limit exceeded; retry after " + seconds + "s",
                Duration.ofSeconds(seconds));
    }

    private static PostReceipt receipt() {
        return new PostReceipt(
                "f.md", "raw", "message_board/f.md", List.of(), false, Optional.empty(), Optional.empty());
    }

    @Test
    void rateLimitedCallsAreRetriedAfterTheServersDelay() {
        when(board.post(any())).thenThrow(limited(12)).thenThrow(limited(3)).thenReturn(receipt());
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            PostReceipt r = client.board().post(MessagePost.raw("agent-1", "hi"));
            assertEquals("f.md", r.filename());
        }
        assertEquals(List.of(Duration.ofSeconds(12), Duration.ofSeconds(3)), slept);
        verify(board, times(3)).post(any());
    }

    @Test
    void aRetryAfterHttpDateIsTheWaitUntilThatDate() throws Exception {
        // RFC 9110 10.2.3: a proxy in front of the server may send Retry-After as an HTTP-date; it is read against
        // the answer's Date (which this stub server sets to its clock), a past date is no wait, and anything else
        // is ignored
        List<java.util.function.Supplier<String>> answers = new CopyOnWriteArrayList<>(List.of(
                () -> java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90)),
                () -> "Wed, 21 Oct 2015 07:28:00 GMT",
                () -> "soon",
                () -> "-5",
                () -> "30"));
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] body = "<html><title>503 Service Unavailable</title></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.getResponseHeaders().set("Retry-After", answers.remove(0).get());
            exchange.sendResponseHeaders(503, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        java.net.URI base =
                java.net.URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
        List<Optional<Duration>> waits = new java.util.ArrayList<>();
        try (CollabClient client = CollabClient.create(
                ClientConfig.custom(base).maxAttempts(1).sleeper(slept::add).build())) {
            for (int i = 0; i < 5; i++) {
                CollabException e =
                        assertThrows(CollabException.class, () -> client.board().message("x.md"));
                assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
                waits.add(e.retryAfter());
            }
        } finally {
            proxy.stop(0);
        }
        Duration untilDate = waits.get(0).orElseThrow(() -> new AssertionError("no wait: " + waits));
        // whole seconds on both headers: 89 or 90 s
        assertTrue(
                untilDate.compareTo(Duration.ofSeconds(88)) >= 0 && untilDate.compareTo(Duration.ofSeconds(90)) <= 0,
                untilDate.toString());
        assertEquals(
                List.of(
                        Optional.of(Duration.ZERO),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Duration.ofSeconds(30))),
                waits.subList(1, 5));
    }

    @Test
    void exhaustedRetriesSurfaceTheServersError() {
        when(board.post(any())).thenThrow(limited(1));
        try (CollabClient client = client(2, Duration.ofSeconds(60))) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
            assertEquals(ErrorCode.RATE_LIMITED, e.code());
            assertEquals(Optional.of(Duration.ofSeconds(1)), e.retryAfter());
        }
        assertEquals(1, slept.size());
    }

    @Test
    void aPostThatFailedInsideTheServerIsNeverRetried() {
        when(board.post(any()))
                .thenThrow(CollabException.of(ErrorCode.UNAVAILABLE, "cannot write bucket org/demo-main-bucket"))
                .thenReturn(receipt());
        try (CollabClient client = clientWithoutWriteRetries(4, Duration.ofSeconds(60))) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals(dev.agentcollab.core.http.internal.UncertainWriteException.class, e.getClass());
            assertTrue(e.getMessage().contains("cannot write bucket"));
        }
        assertEquals(List.of(), slept);
        verify(board, times(1)).post(any());
    }

    @Test
    void aReadThatFailedInsideTheServerIsStillRetried() {
        when(board.message("x.md"))
                .thenThrow(CollabException.of(ErrorCode.UNAVAILABLE, "cannot read the manifest"))
                .thenReturn(new dev.agentcollab.api.board.MessageRecord("x.md", java.util.Map.of(), "hi"));
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            assertEquals("x.md", client.board().message("x.md").filename());
        }
        assertEquals(1, slept.size());
    }

    @Test
    void aDelayLongerThanTheLimitFailsAtOnce() {
        when(board.post(any())).thenThrow(limited(3600));
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
        }
        assertEquals(List.of(), slept);
        verify(board, times(1)).post(any());
    }

    @Test
    void nonRetryableErrorsAreNotRetriedAndKeepTheirHint() {
        when(board.message("x.md")).thenThrow(CollabException.of(ErrorCode.NOT_REGISTERED, "nope", "register first"));
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().message("x.md"));
            assertEquals(ErrorCode.NOT_REGISTERED, e.code());
            assertEquals(Optional.of("register first"), e.hint());
        }
        assertEquals(List.of(), slept);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedUnavailable() {
        java.net.URI dead = server.baseUri();
        server.close();
        try (CollabClient client = CollabClient.create(
                ClientConfig.custom(dead).maxAttempts(3).sleeper(slept::add).build())) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().message("x.md"));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
        }
        assertEquals(2, slept.size());
    }

    @Test
    @Timeout(120)
    void aTimedOutPostIsNeverRetried() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(board.post(any())).thenAnswer(inv -> {
            entered.countDown();
            release.await(60, TimeUnit.SECONDS); // held until the client has given up
            return receipt();
        });
        try (CollabClient client = CollabClient.create(ClientConfig.custom(server.baseUri())
                .maxAttempts(4)
                .requestTimeout(Duration.ofMillis(300))
                .sleeper(slept::add)
                .retryUncertainWrites(false)
                .build())) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
            assertEquals(ErrorCode.TIMEOUT, e.code());
            assertEquals(dev.agentcollab.core.http.internal.UncertainWriteException.class, e.getClass());
            assertTrue(e.hint().orElseThrow().contains("read before retrying"));
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), slept);
        // the client gave up on its own timer: the post may reach the board only now on a busy machine
        assertTrue(entered.await(60, TimeUnit.SECONDS), "the post never reached the board");
        server.close(); // lets in-flight requests finish, so every request the client sent has been dispatched
        verify(board, times(1)).post(any());
    }

    @Test
    void aPostThatFailedInsideTheServerIsRetriedUnderItsIdempotencyKey() {
        when(board.post(any()))
                .thenThrow(CollabException.of(ErrorCode.UNAVAILABLE, "cannot write bucket org/demo-main-bucket"))
                .thenReturn(receipt());
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            assertEquals("f.md", client.board().post(MessagePost.raw("a", "b")).filename());
            assertEquals("f.md", client.board().post(MessagePost.raw("a", "c")).filename());
        }
        verify(board, times(3)).post(any());
        assertEquals(3, keys.size());
        assertTrue(keys.get(0).isPresent());
        assertEquals(keys.get(0), keys.get(1), "a retry reuses the key of its write");
        assertTrue(!keys.get(2).equals(keys.get(0)), "another logical write gets a fresh key");
    }

    @Test
    void aPostRetriedUnderItsKeyWaitsTheServersRetryAfter() {
        when(board.post(any()))
                .thenThrow(CollabException.retryAfter(
                        ErrorCode.UNAVAILABLE, "cannot write bucket org/demo-main-bucket", Duration.ofSeconds(7)))
                .thenReturn(receipt());
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            assertEquals("f.md", client.board().post(MessagePost.raw("a", "b")).filename());
        }
        assertEquals(List.of(Duration.ofSeconds(7)), slept);
    }

    @Test
    void aPostWhoseRetryAfterExceedsTheLimitFailsAtOnceWithIt() {
        when(board.post(any()))
                .thenThrow(CollabException.retryAfter(
                        ErrorCode.UNAVAILABLE, "the store is down for maintenance", Duration.ofSeconds(600)))
                .thenReturn(receipt());
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals(Optional.of(Duration.ofSeconds(600)), e.retryAfter());
        }
        assertEquals(List.of(), slept);
        verify(board, times(1)).post(any());
    }

    @Test
    void aCallerChosenKeyIsSentOnEveryAttempt() {
        when(board.post(any())).thenThrow(limited(1)).thenReturn(receipt());
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            client.withIdempotencyKey("journal-42", c -> c.board().post(MessagePost.raw("a", "b")));
        }
        assertEquals(List.of(Optional.of("journal-42"), Optional.of("journal-42")), keys);
    }

    @Test
    void readsCarryNoIdempotencyKey() {
        when(board.message("x.md"))
                .thenReturn(new dev.agentcollab.api.board.MessageRecord("x.md", java.util.Map.of(), "hi"));
        try (CollabClient client = client(4, Duration.ofSeconds(60))) {
            client.board().message("x.md");
        }
        assertEquals(List.of(Optional.empty()), keys);
    }

    @Test
    void theRetryListenerIsToldEachWaitBeforeIt() {
        when(board.post(any())).thenThrow(limited(12)).thenThrow(limited(3)).thenReturn(receipt());
        List<String> events = new CopyOnWriteArrayList<>();
        try (CollabClient client = CollabClient.create(ClientConfig.custom(server.baseUri())
                .sleeper(d -> events.add("slept " + d.toSeconds()))
                .retryListener((failure, delay) -> events.add(failure.code() + " " + delay.toSeconds()))
                .build())) {
            assertEquals("f.md", client.board().post(MessagePost.raw("a", "b")).filename());
        }
        assertEquals(List.of("RATE_LIMITED 12", "slept 12", "RATE_LIMITED 3", "slept 3"), events);
    }

    @Test
    void aRetryListenerThatThrowsEndsTheCallWithoutWaiting() {
        when(board.post(any())).thenThrow(limited(45)).thenReturn(receipt());
        try (CollabClient client = CollabClient.create(ClientConfig.custom(server.baseUri())
                .sleeper(slept::add)
                .retryListener((failure, delay) -> {
                    throw failure;
                })
                .build())) {
            CollabException e =
                    assertThrows(CollabException.class, () -> client.board().post(MessagePost.raw("a", "b")));
            assertEquals(ErrorCode.RATE_LIMITED, e.code());
            assertEquals(Optional.of(Duration.ofSeconds(45)), e.retryAfter());
        }
        assertEquals(List.of(), slept);
        verify(board, times(1)).post(any());
    }
}
