package dev.agentcollab.hf.jobs;

import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an HF Jobs log stream (server-sent events) with two deadlines: an idle one, reset by every line, and a total
 * one. A watchdog closes the stream when either passes; what arrived by then is kept.
 */
final class HfJobLogs {
    private HfJobLogs() {}

    static String read(HttpClient http, HttpRequest req, Duration total, Duration idle, int tailLines) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HfHubException(
                    Kind.UNAVAILABLE, 0, Resource.JOB, "jobs API unreachable: " + e.getMessage(), null, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HfHubException(
                    Kind.TIMEOUT, 0, Resource.JOB, "interrupted while reading logs", null, null, null, e);
        }
        List<String> out = new ArrayList<>();
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                // the headers only (X-Error-Message, Retry-After): an error body is not read without a deadline
                throw HfHubException.fromAnswer(
                        response.statusCode(), response.headers(), null, Resource.JOB, "jobs API, logs");
            }
            long start = System.nanoTime();
            long[] lastByte = {start};
            Thread watchdog = Thread.ofVirtual().start(() -> watch(body, start, lastByte, total, idle));
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lastByte) {
                        lastByte[0] = System.nanoTime();
                    }
                    HfJobsWire.logLine(line).ifPresent(out::add);
                }
            } catch (IOException e) {
                // a deadline closed the stream: keep what arrived
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            // closing an already closed stream
        }
        return String.join("\n", out.subList(Math.max(0, out.size() - tailLines), out.size()));
    }

    private static void watch(InputStream body, long start, long[] lastByte, Duration total, Duration idle) {
        try {
            while (true) {
                long now = System.nanoTime();
                long last;
                synchronized (lastByte) {
                    last = lastByte[0];
                }
                long untilIdle = last + idle.toNanos() - now;
                long untilTotal = start + total.toNanos() - now;
                long wait = Math.min(untilIdle, untilTotal);
                if (wait <= 0) {
                    body.close();
                    return;
                }
                Thread.sleep(Duration.ofNanos(wait));
            }
        } catch (InterruptedException | IOException e) {
            // the stream ended first, or closing failed: nothing to do
        }
    }
}
