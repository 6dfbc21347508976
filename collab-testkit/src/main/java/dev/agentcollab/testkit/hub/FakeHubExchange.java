package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Small helpers around one {@link HttpExchange}: bearer token, query, JSON and error replies. */
final class FakeHubExchange {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final HttpExchange http;
    final byte[] body;

    FakeHubExchange(HttpExchange http) throws IOException {
        this.http = http;
        this.body = http.getRequestBody().readAllBytes();
    }

    Optional<String> bearer() {
        String h = http.getRequestHeaders().getFirst("Authorization");
        if (h == null) {
            return Optional.empty();
        }
        String[] parts = h.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts[1].strip());
    }

    Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = http.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(decode(k), decode(v));
        }
        return q;
    }

    JsonNode jsonBody() throws IOException {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json", JSON.writeValueAsBytes(value));
    }

    /** An error in the Hub's shape: {@code {"error": message}} plus {@code X-Error-Code}/{@code X-Error-Message}. */
    void error(int status, String errorCode, String message) throws IOException {
        if (errorCode != null) {
            http.getResponseHeaders().set("X-Error-Code", errorCode);
        }
        http.getResponseHeaders().set("X-Error-Message", message);
        json(status, Map.of("error", message));
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        if (http.getRequestMethod().equals("HEAD")) {
            http.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            http.sendResponseHeaders(status, -1);
            return;
        }
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    void redirect(String location) throws IOException {
        http.getResponseHeaders().set("Location", location);
        http.sendResponseHeaders(302, -1);
    }

    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
