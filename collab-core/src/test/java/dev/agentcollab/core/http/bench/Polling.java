package dev.agentcollab.core.http.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/** N concurrent clients, each on its own connection, sending requests until a count or a deadline. */
final class Polling {
    private Polling() {}

    /**
     * Runs the clients and records every request's latency.
     *
     * @return the wall-clock seconds the run took
     */
    static double run(LatencyRecorder rec, int clients, int perClient, Duration limit, IntFunction<HttpRequest> request)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        CountDownLatch start = new CountDownLatch(1);
        List<HttpClient> https = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                https.add(http);
                int id = c;
                pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < perClient && Instant.now().isBefore(deadline); n++) {
                        long s = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r =
                                    http.send(request.apply(id), HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() >= 400) {
                                rec.error();
                                continue;
                            }
                            rec.record(System.nanoTime() - s);
                        } catch (java.io.IOException e) {
                            rec.error();
                        }
                    }
                    return null;
                });
            }
            t0 = System.nanoTime();
            start.countDown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        https.forEach(HttpClient::close);
        return seconds;
    }
}
