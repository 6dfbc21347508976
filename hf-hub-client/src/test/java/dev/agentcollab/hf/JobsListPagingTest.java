package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.hf.jobs.HfJobsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A jobs list is complete or an error: a list cut after 100 pages, or at a next page on another server, was
 * returned as if it were whole, and start-up reconciliation then neither adopted nor canceled the jobs beyond it.
 */
class JobsListPagingTest {
    private HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger pagesServed =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Serves empty pages whose {@code Link} header is {@code next.apply(page)} (none when null). */
    private HfJobsClient serving(IntFunction<String> next) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/jobs/team", ex -> {
            String query = ex.getRequestURI().getQuery();
            int page = query != null && query.contains("page=")
                    ? Integer.parseInt(query.substring(query.indexOf("page=") + 5))
                    : 0;
            pagesServed.incrementAndGet();
            String link = next.apply(page);
            if (link != null) {
                ex.getResponseHeaders().add("Link", "<" + link + ">; rel=\"next\"");
            }
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Duration t = Duration.ofSeconds(10);
        return new HfJobsClient(HttpClient.newHttpClient(), endpoint, "team", () -> "hf_x", t, t);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aListThatNeverEndsIsAnErrorNotItsFirstHundredPages() throws IOException {
        HfJobsClient jobs = serving(page -> "/api/jobs/team?page=" + (page + 1));
        HfHubException e = assertThrows(HfHubException.class, () -> jobs.list(List.of("RUNNING"), Map.of()));
        assertEquals(HfHubException.Kind.INVALID_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("more than 100 pages"), e.getMessage());
    }

    @Test
    void aNextPageOnAnotherServerIsAnErrorNotTheEndOfTheList() throws IOException {
        HfJobsClient jobs = serving(page -> page == 0 ? "http://elsewhere.invalid/api/jobs/team?page=1" : null);
        HfHubException e = assertThrows(HfHubException.class, () -> jobs.list(List.of("RUNNING"), Map.of()));
        assertTrue(e.getMessage().contains("another server"), e.getMessage());
    }

    @Test
    void aListOfSeveralPagesIsReadToItsEnd() throws IOException {
        HfJobsClient jobs = serving(page -> page < 5 ? "/api/jobs/team?page=" + (page + 1) : null);
        assertEquals(List.of(), jobs.list(List.of("RUNNING"), Map.of()));
        assertEquals(6, pagesServed.get(), "the first page and the five it links to");
    }
}
