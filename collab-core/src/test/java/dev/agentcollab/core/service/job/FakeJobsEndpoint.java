package dev.agentcollab.core.service.job;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fake of the Hugging Face Jobs REST API on loopback, port 0: launch answers a RUNNING job, inspect answers
 * RUNNING until {@link #finishAs(String)}, logs stream two SSE events plus the "Job started" banner. Records every
 * request for assertions.
 */
final class FakeJobsEndpoint implements AutoCloseable {
    record Request(String method, String path, String authorization, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    private volatile String stage = "RUNNING";
    private volatile int launchStatus = 200;
    private volatile boolean hangLogs;
    private final AtomicInteger canceled = new AtomicInteger();

    FakeJobsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/jobs/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void finishAs(String s) {
        stage = s;
    }

    void failLaunchesWith(int status) {
        launchStatus = status;
    }

    /** Makes the log stream send its events and then stay open, like a Hub stream with keep-alives. */
    void hangLogs() {
        hangLogs = true;
    }

    int cancels() {
        return canceled.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            requests.add(new Request(
                    ex.getRequestMethod(),
                    path + (query == null ? "" : "?" + query),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    body));
            String[] parts = path.split("/"); // "", api, jobs, ns, [id], [verb]
            if (ex.getRequestMethod().equals("POST") && parts.length == 4) {
                if (launchStatus != 200) {
                    send(ex, launchStatus, "{\"error\":\"no credits\"}", "application/json");
                    return;
                }
                send(
                        ex,
                        200,
                        "{\"id\":\"job-1\",\"owner\":{\"id\":\"x\",\"name\":\"" + parts[3]
                                + "\",\"type\":\"org\"},\"status\":{\"stage\":\"RUNNING\",\"message\":null}}",
                        "application/json");
            } else if (parts.length == 5
                    && parts[4].equals("job-1")
                    && ex.getRequestMethod().equals("GET")) {
                String message = stage.equals("ERROR") ? "\"OOM\"" : "null";
                send(
                        ex,
                        200,
                        "{\"id\":\"job-1\",\"status\":{\"stage\":\"" + stage + "\",\"message\":" + message + "}}",
                        "application/json");
            } else if (parts.length == 6 && parts[5].equals("cancel")) {
                canceled.incrementAndGet();
                stage = "CANCELED";
                send(ex, 200, "", "text/plain");
            } else if (parts.length == 6 && parts[5].equals("logs") && hangLogs) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write("data: {\"data\":\"partial\"}\n\n".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (parts.length == 6 && parts[5].equals("logs")) {
                send(
                        ex,
                        200,
                        "data: {\"data\":\"===== Job started at x =====\",\"timestamp\":\"t\"}\n\n"
                                + ": keep-alive\n\n"
                                + "data: {\"data\":\"loading model\",\"timestamp\":\"t\"}\n\n"
                                + "data: {\"data\":\"score 41.0\\n\",\"timestamp\":\"t\"}\n\n",
                        "text/event-stream");
            } else {
                send(ex, 404, "{\"error\":\"not found\"}", "application/json");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
