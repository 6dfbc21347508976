package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The fake Jobs API's read routes: list (stage and label filters, Link pages), hardware and SSE logs. */
final class FakeHubJobReads {
    private final FakeHubJobs jobs;
    private final InstantSource clock;
    private final Supplier<String> endpoint;

    FakeHubJobReads(FakeHubJobs jobs, InstantSource clock, Supplier<String> endpoint) {
        this.jobs = jobs;
        this.clock = clock;
        this.endpoint = endpoint;
    }

    void list(FakeHubExchange ex, String ns) throws IOException {
        List<String> stages = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int offset = 0;
        String raw = ex.http.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = FakeHubExchange.decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : FakeHubExchange.decode(pair.substring(eq + 1));
            switch (k) {
                case "stage" -> stages.add(v.toUpperCase(java.util.Locale.ROOT));
                case "label" -> labels.add(v);
                case "offset" -> offset = Integer.parseInt(v);
                default -> {}
            }
        }
        List<JsonNode> matching = new ArrayList<>();
        for (String id : jobs.ids()) {
            JsonNode job = jobs.info(id);
            if (!job.path("owner").path("name").asText().equals(ns)) {
                continue;
            }
            if (!stages.isEmpty()
                    && !stages.contains(job.path("status").path("stage").asText())) {
                continue;
            }
            boolean all = labels.stream().allMatch(l -> {
                int eq = l.indexOf('=');
                return eq > 0
                        && l.substring(eq + 1)
                                .equals(job.path("labels")
                                        .path(l.substring(0, eq))
                                        .asText(null));
            });
            if (all) {
                matching.add(job);
            }
        }
        ArrayNode out = FakeHubExchange.JSON.createArrayNode();
        matching.stream().skip(offset).limit(jobs.pageSize()).forEach(out::add);
        if (offset + jobs.pageSize() < matching.size()) {
            String query = raw == null ? "" : raw.replaceAll("(^|&)offset=\\d+", "");
            String next = endpoint.get() + "/api/jobs/" + ns + "?" + (query.isEmpty() ? "" : query + "&") + "offset="
                    + (offset + jobs.pageSize());
            ex.http.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
        }
        ex.json(200, out);
    }

    void hardware(FakeHubExchange ex) throws IOException {
        ArrayNode out = FakeHubExchange.JSON.createArrayNode();
        for (String f : FakeHubJobs.FLAVORS) {
            ObjectNode h = out.addObject()
                    .put("name", f)
                    .put("prettyName", f)
                    .put("cpu", "2 vCPU")
                    .put("ram", "16 GB")
                    .put("ephemeralStorage", "20 GB");
            if (f.startsWith("cpu")) {
                h.putNull("accelerator");
            } else {
                h.putObject("accelerator")
                        .put("type", "gpu")
                        .put("model", f)
                        .put("quantity", "1")
                        .put("vram", "24 GB")
                        .put("manufacturer", "Nvidia");
            }
            h.put("unitCostMicroUSD", 167).put("unitCostUSD", 0.000167).put("unitLabel", "minute");
        }
        ex.json(200, out);
    }

    void logs(FakeHubExchange ex, String ns, String id) throws IOException {
        ObjectNode job = jobs.stored(id);
        if (job == null || !job.path("owner").path("name").asText().equals(ns)) {
            ex.error(404, null, "Job not found");
            return;
        }
        ex.http.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.http.sendResponseHeaders(200, 0);
        OutputStream out = ex.http.getResponseBody();
        String at = clock.instant().toString();
        StringBuilder events = new StringBuilder();
        events.append(event("===== Job started at " + at + " =====", at));
        events.append(": keep-alive\n\n");
        List<String> lines = jobs.lines();
        String tail = ex.query().get("tail");
        if (tail != null && tail.matches("\\d{1,9}")) {
            lines = lines.subList(Math.max(0, lines.size() - Integer.parseInt(tail)), lines.size());
        }
        lines.forEach(line -> events.append(event(line, at)));
        out.write(events.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (jobs.hanging()) {
            try {
                for (int i = 0; i < 2; i++) {
                    Thread.sleep(30_000);
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away
            }
        }
        out.close();
    }

    private static String event(String line, String at) {
        ObjectNode data =
                FakeHubExchange.JSON.createObjectNode().put("data", line).put("timestamp", at);
        return "data: " + data + "\n\n";
    }
}
