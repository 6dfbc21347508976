package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent README that {@code collab serve} generates (GET /v1/agent-readme) is runnable: its {@code export} and
 * {@code collab agent} lines, taken from the README text with only the placeholders filled in, run in a shell
 * against the served deployment with the packaged jar as {@code collab}, and every route those commands call is
 * mentioned in the README.
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class AgentReadmeCommandsIT {
    private static final Set<String> HOP_HEADERS =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    @Timeout(420)
    void theReadmesCommandsRunAsWrittenAndNameEveryRouteTheyUse() throws Exception {
        try (CollabProcess server = CollabProcess.serveLocal(dir)) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            HttpClient http = HttpClient.newHttpClient();
            String readme = http.send(
                            HttpRequest.newBuilder(api.resolve("/v1/agent-readme"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Set<String> routes = new ConcurrentSkipListSet<>();
            HttpServer proxy = proxy(http, api, routes);
            try {
                URI proxied =
                        URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
                Path script = script(readme, proxied);
                Process sh = new ProcessBuilder("bash", script.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(sh.waitFor(300, TimeUnit.SECONDS), out);
                assertEquals(0, sh.exitValue(), Files.readString(script) + "\n---\n" + out);
                assertTrue(out.contains("registered drafter-lab"), out);
                assertTrue(out.contains("promoted results/"), out);
                assertTrue(out.contains("launched job"), out);
            } finally {
                proxy.stop(0);
            }
            Set<String> missing = new TreeSet<>();
            for (String route : routes) {
                if (!readme.contains(route)) {
                    missing.add(route);
                }
            }
            assertTrue(routes.size() >= 8, routes.toString());
            assertTrue(missing.isEmpty(), "routes the commands call but the README never names: " + missing);
            server.terminate(Duration.ofSeconds(30));
        }
    }

    /** The README's setup exports and {@code collab agent} lines, placeholders filled, as a bash script. */
    private Path script(String readme, URI proxied) throws IOException {
        List<String> lines = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(readme);
        while (m.find()) {
            for (String line : m.group(1).split("\n")) {
                if (line.startsWith("export COLLAB_URL=")) {
                    // the same server, seen through a recorder of the routes called
                    lines.add("export COLLAB_URL=" + proxied);
                } else if (line.startsWith("export ")
                        || line.startsWith("collab ")
                        || line.startsWith("echo '<your user name>' > /tmp/handshake")
                        || line.startsWith("mkdir -p ~/.local/bin")
                        || line.startsWith("printf '#!/bin/sh")) {
                    lines.add(line);
                }
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("collab agent register")), readme);
        // no collab of the test's own: the README's install lines fetch the jar from the server
        assertTrue(lines.stream().anyMatch(l -> l.contains("$COLLAB_URL/v1/cli/collab.jar")), readme);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("collab harness ")), "a local harness run: " + readme);
        Files.writeString(
                dir.resolve("run1.md"),
                "---\ntps: 42.5\nmethod: mtp k=4\nstatus: agent-run\ndescription: first try\nppl: 3.1\n---\nRan it.\n");
        Path bundle = Files.createDirectories(dir.resolve("upload/traces/session-1"));
        // the README's own manifest example, its placeholder filled
        Matcher manifest = Pattern.compile("```markdown\n(---\nschema_version:.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(manifest.find(), "the README shows a trace manifest");
        Files.writeString(bundle.resolve("manifest.md"), manifest.group(1).replace("<your model>", "claude-opus"));
        Files.writeString(Files.createDirectories(dir.resolve("upload/out")).resolve("kernel.txt"), "fast\n");
        Path evalData = Files.createDirectories(dir.resolve("eval-data"));
        Files.writeString(evalData.resolve("prompts.jsonl"), "{\"id\": \"p1\", \"prompt\": \"Hello\"}\n");
        Files.writeString(evalData.resolve("ppl.jsonl"), "{\"id\": \"t1\", \"text\": \"Hello there\"}\n");
        // the submission the jobs step uploads
        Files.writeString(
                Files.createDirectories(dir.resolve("my-submission")).resolve("decoding.json"),
                "{\"mode\":\"plain\"}\n");

        // the agent's own home: what collab agent remembers (profile, inbox cursors) stays in the test's folder
        StringBuilder s = new StringBuilder("set -euo pipefail\nexport PATH='"
                + Path.of(System.getProperty("java.home"), "bin") + "':\"$PATH\"\nexport HOME='"
                + Files.createDirectories(dir.resolve("home")) + "'\n");
        for (String line : lines) {
            String filled = line.replace("<your token>", "tok-local-ada-example")
                    .replace("<newest filename seen>", "20260101-000000-000_nobody.md")
                    .replace("<lowercase letters, digits, hyphens; 1-40>", "drafter-lab")
                    .replace("<your model>", "claude-opus")
                    .replace("<your harness>", "shell")
                    .replace("<your user name>", "ada") // the user of tok-local-ada-example
                    .replace("/tmp/handshake", dir.resolve("handshake").toString())
                    .replace(
                            "<filename>",
                            "\"$(collab agent board --json | grep -o '\"filename\":\"[^\"]*\"' | head -1 | cut -d'\"'"
                                    + " -f4)\"");
            assertFalse(filled.contains("<"), "an unfilled placeholder: " + line);
            s.append("echo '+ ").append(filled.replace("'", "'\\''")).append("'\n");
            if (filled.startsWith("collab harness ")) {
                // the README's submission holds no model: the harness ran with the README's arguments when it
                // wrote that error into the state folder, and it read the data the line before copied
                s.append(filled)
                        .append(" || grep -q 'no model/config.json' ./local-run/summary.json\n")
                        .append("test -s ./harness-data/prompts.jsonl\n");
                continue;
            }
            s.append(filled).append('\n');
            if (filled.startsWith("collab agent register")) {
                // the organizer's evaluation data, put into the central bucket with the store's own access
                s.append("collab bucket --store \"$COLLAB_BUCKETS\" cp eval-data"
                        + " hf://buckets/local-collab/fast-gemma-main-bucket/shared_resources/harness/data\n");
                // what the later lines read from the scratch bucket: a trace bundle and a folder to sync
                s.append("collab bucket --store \"$COLLAB_BUCKETS\" cp upload/traces/session-1"
                        + " hf://buckets/local-collab/fast-gemma-$AGENT_ID/traces/session-1\n");
                s.append("collab bucket --store \"$COLLAB_BUCKETS\" cp upload/out"
                        + " hf://buckets/local-collab/fast-gemma-$AGENT_ID/out\n");
            }
        }
        Path script = dir.resolve("readme-commands.sh");
        Files.writeString(script, s.toString());
        return script;
    }

    /**
     * A pass-through proxy that records each route called as the README would name it: {@code /v1/<first segment>}
     * (e.g. {@code /v1/taskforces}, {@code /v1/jobs:run}).
     */
    private static HttpServer proxy(HttpClient http, URI target, Set<String> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> forward(http, target, routes, exchange));
        server.start();
        return server;
    }

    private static void forward(HttpClient http, URI target, Set<String> routes, HttpExchange exchange)
            throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String[] segments = uri.getPath().split("/");
            routes.add(segments.length > 2 ? "/v1/" + segments[2] : uri.getPath());
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(
                            uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, vs) -> {
                if (!k.equalsIgnoreCase("content-length")
                        && !k.equalsIgnoreCase("transfer-encoding")
                        && !k.equalsIgnoreCase("connection")
                        && !k.equalsIgnoreCase("date")) {
                    exchange.getResponseHeaders().put(k, vs);
                }
            });
            exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            exchange.getResponseBody().write(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
