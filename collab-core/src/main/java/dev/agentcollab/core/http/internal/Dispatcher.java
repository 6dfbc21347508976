package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's single entry point, independent of the HTTP library that delivers the {@link Exchange}: rejects
 * oversized bodies up front (413 {@code PAYLOAD_TOO_LARGE}), over-long or over-deep paths (400
 * {@code INVALID_PATH}) and non-JSON bodies (415 {@code UNSUPPORTED_MEDIA_TYPE}), resolves the route, runs the
 * handler and maps every failure through {@link ErrorResponses}. Unexpected exceptions become a 500
 * {@code INTERNAL} error with a generic message and are logged. Thread safe.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long DRAIN_POLL_MILLIS = 10;
    private final Router router;
    private final long maxBodyBytes;
    private final RequestChecks checks;

    /** Requests in flight; no lock on the request path (every request passes here). */
    private final AtomicInteger active = new AtomicInteger();

    private volatile boolean draining;

    /**
     * Creates a dispatcher.
     *
     * @param router the routes
     * @param maxBodyBytes the request-body limit in bytes
     */
    public Dispatcher(Router router, long maxBodyBytes) {
        this(router, maxBodyBytes, RequestChecks.DEFAULT_MAX_SEGMENT_BYTES, RequestChecks.DEFAULT_MAX_DEPTH);
    }

    /**
     * Creates a dispatcher with path limits.
     *
     * @param router the routes
     * @param maxBodyBytes the request-body limit in bytes
     * @param maxSegmentBytes the longest accepted path segment, in bytes after percent-decoding
     * @param maxDepth the most path segments accepted
     */
    public Dispatcher(Router router, long maxBodyBytes, int maxSegmentBytes, int maxDepth) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.checks = new RequestChecks(maxSegmentBytes, maxDepth);
    }

    /**
     * Serves one exchange: exactly one response is sent unless the connection fails.
     *
     * @param exchange the request and its response
     * @throws IOException when the connection fails while the response is written
     */
    public void handle(Exchange exchange) throws IOException {
        // Count first, then look at the flag: a request counted before drain() set it is waited for, one counted
        // after sees it and is turned away.
        active.incrementAndGet();
        try {
            if (draining) {
                reject(exchange);
                return;
            }
            serve(exchange);
        } finally {
            active.decrementAndGet();
        }
    }

    /**
     * Stops taking new requests (they get 503 {@code UNAVAILABLE} and a closed connection) and waits until the
     * requests in flight have finished.
     *
     * @param grace the longest wait
     * @return whether every in-flight request finished in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean drain(java.time.Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        draining = true;
        while (active.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(DRAIN_POLL_MILLIS, left / 1_000_000)));
        }
        return true;
    }

    private void reject(Exchange exchange) throws IOException {
        HttpCall call = new HttpCall(exchange, Map.of(), maxBodyBytes);
        call.responseHeader("Connection", "close");
        ErrorResponses.write(call, CollabException.of(ErrorCode.UNAVAILABLE, "server is shutting down"));
    }

    private void serve(Exchange exchange) throws IOException {
        HttpCall call = null;
        try {
            String declared = exchange.requestHeader("Content-Length").orElse(null);
            if (declared != null && parseLength(declared) > maxBodyBytes) {
                call = new HttpCall(exchange, Map.of(), maxBodyBytes);
                throw HttpCall.tooLarge(maxBodyBytes);
            }
            checks.checkPath(exchange.rawPath());
            Router.Match match;
            try {
                match = router.resolve(exchange.method(), exchange.rawPath());
            } catch (CollabException e) {
                Optional<String> to = e.code() == ErrorCode.ROUTE_NOT_FOUND
                        ? router.withoutSlash(exchange.rawPath())
                        : Optional.empty();
                if (to.isEmpty()) {
                    throw e;
                }
                redirect(exchange, to.get());
                return;
            }
            checks.checkBodyType(exchange);
            call = new HttpCall(exchange, match.params(), maxBodyBytes, checks);
            match.route().handler().handle(call);
            if (!call.responded()) {
                throw new IllegalStateException("handler sent no response");
            }
        } catch (CollabException e) {
            respond(exchange, call, e);
        } catch (IOException e) {
            if (call != null && call.bodyUnreadable()) {
                // The body stopped arriving (the idle timeout) or the client went away: no one reads an answer, and
                // a 500 would blame the server. Close at once, rather than wait out another idle timeout draining.
                LOG.debug("the request body of " + exchange.rawPath() + " could not be read", e);
                exchange.abort();
                return;
            }
            // Usually the client went away; but a handler's own I/O failure (a response that cannot be
            // serialised, an unreadable resource) happens before anything was sent: answer 500, never silence.
            LOG.debug("I/O error serving " + exchange.rawPath(), e);
            if (call == null || !call.responded()) {
                try {
                    respond(exchange, call, CollabException.of(ErrorCode.INTERNAL, "internal server error"));
                } catch (IOException | RuntimeException gone) {
                    LOG.debug("could not send the error response either", gone);
                }
            }
        } catch (Exception | LinkageError e) {
            LOG.error("unhandled error serving " + exchange.rawPath(), e);
            respond(exchange, call, CollabException.of(ErrorCode.INTERNAL, "internal server error"));
        }
    }

    /** 307 to the same request on another path, query kept, as the reference redirects trailing slashes. */
    private void redirect(Exchange exchange, String path) throws IOException {
        HttpCall call = new HttpCall(exchange, Map.of(), maxBodyBytes);
        if (!call.drainBody()) {
            call.responseHeader("Connection", "close");
        }
        String query = exchange.rawQuery();
        exchange.responseHeader("Location", query == null || query.isEmpty() ? path : path + "?" + query);
        exchange.send(307, new byte[0]);
    }

    private void respond(Exchange exchange, HttpCall call, CollabException e) throws IOException {
        HttpCall c = call != null ? call : new HttpCall(exchange, Map.of(), maxBodyBytes);
        if (c.responded()) {
            LOG.warn("error after the response was sent: " + e.getMessage());
            return;
        }
        if (e.code() == ErrorCode.PAYLOAD_TOO_LARGE || e.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
            // Refused before its body was read: the server closes the connection rather than read the rest, so
            // say so, or a client would send its next request on a connection about to close.
            c.responseHeader("Connection", "close");
        } else if (!c.drainBody()) {
            // Refused before a handler read the body (an unknown route, a missing header): Jetty closes a
            // connection whose request body was not read, so read it first (it is within the size limit), or say
            // that the connection closes.
            c.responseHeader("Connection", "close");
        }
        ErrorResponses.write(c, e);
    }

    private static long parseLength(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "malformed Content-Length: '" + v + "'");
        }
    }
}
