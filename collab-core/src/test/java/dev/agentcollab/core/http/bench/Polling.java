package dev.agentcollab.core.http.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * N concurrent clients, each a virtual thread with its own keep-alive {@link BenchConnection}, sending requests
 * until a count or a deadline. Two pacings:
 *
 * <ul>
 *   <li><b>closed loop</b> (rate 0): each client sends its next request as soon as the previous response is read,
 *       so the server runs saturated; a request's latency is from writing it to reading its last byte;
 *   <li><b>fixed rate</b> (total requests/s &gt; 0): client {@code c} sends request {@code n} at
 *       {@code start + (n * clients + c) / rate}, and its latency is counted from that intended time, not from
 *       when it could be sent: a request delayed by a slow previous response carries the delay (no coordinated
 *       omission).
 * </ul>
 *
 * <p>A conditional client, like a poller that keeps what it saw, sends the {@code ETag} of its last 200 answer
 * in {@code If-None-Match}, and counts a 304 as an answer.
 *
 * <p>Every client first connects and sends its warm-up requests (not recorded) on its own connection; the clock
 * starts only when all of them have done so. A client JVM started for one scenario otherwise measures its own JIT
 * compilation and 200 connection set-ups in the first requests: with a fixed rate those are 1% of the requests
 * at 100 per client, the whole p99.
 */
final class Polling {
    private Polling() {}

    /**
     * Runs the clients and records every request's latency.
     *
     * @param rec where latencies and errors go
     * @param base the server's base URI
     * @param clients the number of clients
     * @param perClient the most requests per client
     * @param limit the wall-clock limit
     * @param ratePerSecond the total request rate, or 0 for a closed loop
     * @param conditional whether clients send {@code If-None-Match} with the last {@code ETag} they got
     * @param warmup unrecorded requests each client sends before the clock starts
     * @param request client index to its request
     * @return the wall-clock seconds the run took
     */
    static double run(
            LatencyRecorder rec,
            URI base,
            int clients,
            int perClient,
            Duration limit,
            double ratePerSecond,
            boolean conditional,
            int warmup,
            IntFunction<WireRequest> request)
            throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch start = new CountDownLatch(1);
        long[] t0 = new long[1];
        long periodNanos = ratePerSecond > 0 ? (long) (clients * 1e9 / ratePerSecond) : 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int id = c;
                WireRequest plain = request.apply(id);
                pool.submit(() -> {
                    try (BenchConnection connection = new BenchConnection(address)) {
                        try {
                            connection.connect();
                            for (int w = 0; w < warmup; w++) {
                                connection.exchange(plain);
                            }
                        } catch (java.io.IOException e) {
                            rec.error(); // the next exchange connects again
                        } finally {
                            ready.countDown();
                        }
                        start.await();
                        long begin = t0[0];
                        long deadline = begin + limit.toNanos();
                        long offset = periodNanos * id / clients;
                        WireRequest req = plain;
                        String seen = null;
                        for (int n = 0; n < perClient; n++) {
                            long intended = periodNanos == 0 ? System.nanoTime() : begin + offset + n * periodNanos;
                            if (intended - deadline >= 0) {
                                break;
                            }
                            for (long wait = intended - System.nanoTime(); wait > 0; ) {
                                LockSupport.parkNanos(wait);
                                wait = intended - System.nanoTime();
                            }
                            long sent = periodNanos == 0 ? System.nanoTime() : intended;
                            try {
                                int status = connection.exchange(req);
                                if (status >= 400) {
                                    rec.error();
                                } else {
                                    rec.record(sent, System.nanoTime() - sent);
                                }
                                String tag = connection.etag();
                                if (conditional && status == 200 && tag != null && !tag.equals(seen)) {
                                    seen = tag;
                                    req = plain.withHeader("If-None-Match", tag);
                                }
                            } catch (java.io.IOException e) {
                                rec.error();
                            }
                        }
                    }
                    return null;
                });
            }
            ready.await();
            t0[0] = System.nanoTime();
            start.countDown();
        }
        return (System.nanoTime() - t0[0]) / 1e9;
    }
}
