package dev.agentcollab.core.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a few read requests to a server that has just started, through its own socket, before it is announced,
 * so that the first client's request does not pay for loading the HTTP stack's and the JSON renderers' code
 * (hundreds of milliseconds to seconds on a cold JVM). The service's own indexes are loaded by the service at
 * construction; this covers what lies between the socket and the service. Plain HTTP/1.1 over a socket, no client
 * library; every failure is logged and ignored (a warm-up never stops a start). The paths have the shapes agents poll
 * most: board pages, the digest, the leaderboard, directory pages, and the inbox of the first listed agent, with and
 * without a time range (the route, the registration check and the merge of the agent's folder with the
 * broadcasts). No path here may wait for the board's channel index, which the service may still be building in the
 * background.
 */
public final class ServerWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ServerWarmup.class);
    private static final List<String> PATHS = List.of(
            "/v1/messages?expand=true&limit=1",
            "/v1/messages?since=20000101&limit=1",
            "/v1/digest",
            "/v1/leaderboard",
            "/v1/taskforces?limit=1");
    private static final String AGENTS = "/v1/agents?limit=1";
    private static final Pattern AGENT_ID = Pattern.compile("\"agent_id\"\\s*:\\s*\"([A-Za-z0-9._-]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ANSWER = 1 << 20;

    private ServerWarmup() {}

    /**
     * Sends the warm-up requests, one after the other, and reads each answer to its end.
     *
     * @param baseUri the server's base URI ({@link RunningServer#baseUri()}); a wildcard host is reached on
     *     loopback
     */
    public static void run(URI baseUri) {
        String host = baseUri.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
            host = "127.0.0.1";
        }
        long t0 = System.nanoTime();
        for (String path : PATHS) {
            send(host, baseUri.getPort(), path);
        }
        Matcher agent = AGENT_ID.matcher(send(host, baseUri.getPort(), AGENTS));
        if (agent.find()) {
            String inbox = "/v1/inbox/" + agent.group(1);
            send(host, baseUri.getPort(), inbox + "?expand=true&limit=20");
            send(host, baseUri.getPort(), inbox + "?since=20000101&limit=1");
        }
        LOG.debug("HTTP warm-up took {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** One request; its answer's text, or {@code ""} when it failed (logged). */
    private static String send(String host, int port, String path) {
        try {
            return exchange(host, port, path);
        } catch (IOException | RuntimeException e) {
            LOG.debug("warm-up request " + path + " failed", e);
            return "";
        }
    }

    private static String exchange(String host, int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0 && answer.size() < MAX_ANSWER; ) {
                answer.write(buf, 0, n); // to the end: the server closes after the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
