package dev.agentcollab.hf;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a request and reads its whole answer, cutting the exchange when the answer's body stops arriving. The
 * request's own timeout ({@link HttpRequest.Builder#timeout}) ends when the headers arrive, so without this a Hub or
 * CDN connection that sends headers and then stalls (a half-open TCP connection, an overloaded proxy) would hold the
 * calling thread forever, and with it whatever that thread holds, such as the central bucket's write lock. A body
 * that keeps arriving, however slowly, is read whole. Thread safe (no state between calls).
 */
public final class BodyDeadline {
    private BodyDeadline() {}

    /**
     * Sends {@code request} and reads its body into memory.
     *
     * @param http the client
     * @param request the request, with its timeout for the headers
     * @param idle the longest silence allowed between the headers and the body's bytes, and between two of them
     * @return the response
     * @throws HttpTimeoutException when the body stalled for {@code idle}; the exchange is cancelled
     * @throws IOException as {@link HttpClient#send} throws it
     * @throws InterruptedException when interrupted; the exchange is cancelled
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration idle)
            throws IOException, InterruptedException {
        return send(http, request, HttpResponse.BodyHandlers.ofByteArray(), idle);
    }

    /**
     * Sends {@code request} and reads its body with {@code handler}.
     *
     * @param http the client
     * @param request the request, with its timeout for the headers
     * @param handler how the body is read (one that completes when the whole body arrived)
     * @param idle the longest silence allowed between the headers and the body's bytes, and between two of them
     * @param <T> the body's type
     * @return the response
     * @throws HttpTimeoutException when the body stalled for {@code idle}; the exchange is cancelled
     * @throws IOException as {@link HttpClient#send} throws it
     * @throws InterruptedException when interrupted; the exchange is cancelled
     */
    public static <T> HttpResponse<T> send(
            HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler, Duration idle)
            throws IOException, InterruptedException {
        long idleNanos = idle.toNanos();
        AtomicLong lastActivity = new AtomicLong();
        HttpResponse.BodyHandler<T> watched = info -> {
            lastActivity.set(System.nanoTime());
            return new Watched<>(handler.apply(info), lastActivity);
        };
        CompletableFuture<HttpResponse<T>> call = http.sendAsync(request, watched);
        long wait = idleNanos;
        while (true) {
            try {
                return call.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                long last = lastActivity.get();
                if (last == 0) {
                    wait = idleNanos; // no headers yet: the request's own timeout governs
                    continue;
                }
                long silent = System.nanoTime() - last;
                if (silent >= idleNanos) {
                    call.cancel(true);
                    throw new HttpTimeoutException(
                            "no byte of the answer's body for " + idle.toMillis() + " ms: " + request.uri());
                }
                wait = idleNanos - silent;
            } catch (InterruptedException e) {
                call.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw unwrap(e.getCause());
            } catch (CancellationException e) {
                throw new IOException("the exchange was cancelled: " + request.uri(), e);
            }
        }
    }

    private static IOException unwrap(Throwable cause) {
        Throwable t = cause;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IOException(t);
    }

    /** A body subscriber that notes when each part of the body arrives. */
    private record Watched<T>(HttpResponse.BodySubscriber<T> body, AtomicLong lastActivity)
            implements HttpResponse.BodySubscriber<T> {
        @Override
        public CompletionStage<T> getBody() {
            return body.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            body.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            lastActivity.set(System.nanoTime());
            body.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            body.onError(throwable);
        }

        @Override
        public void onComplete() {
            body.onComplete();
        }
    }
}
