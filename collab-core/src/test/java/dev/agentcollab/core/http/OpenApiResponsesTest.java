package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.http.internal.Discovery;
import dev.agentcollab.core.http.internal.Router;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/openapi.yaml against what a real server answers (a {@link LoopbackCollab} with agents, a message and a result):
 * every answer's status code is one the operation documents, every JSON body validates against the documented schema
 * (OpenAPI 3.0 dialect, through networknt json-schema-validator), and every documented integer or boolean query
 * parameter is read by the server (a malformed value is refused with a documented 4xx instead of being ignored).
 */
@Timeout(120)
class OpenApiResponsesTest {
    private static final String DOC = "classpath:dashboard/openapi.yaml";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static JsonNode doc;
    private static JsonSchemaFactory schemas;
    private static LoopbackCollab env;
    private static String message;
    private static String result;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in =
                OpenApiResponsesTest.class.getClassLoader().getResourceAsStream("dashboard/openapi.yaml")) {
            assertNotNull(in, "openapi.yaml is not on the class path");
            doc = new YAMLMapper().readTree(in);
        }
        schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b.metaSchema(OpenApi30.getInstance())
                .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        env = new LoopbackCollab(InMemoryBucketStore.create());
        env.scratchBucket("agent-a", "alice");
        env.scratchBucket("agent-b", "bob");
        try (CollabClient alice = env.client("tok-alice");
                CollabClient bob = env.client("tok-bob")) {
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of("bash")));
            bob.agents().register(RegisterRequest.of("agent-b", "m2", "h2", List.of()));
            alice.taskforces().create(TaskforcePost.raw("kernels", "agent-a", "# Kernels\n"));
            message = bob.board()
                    .post(MessagePost.raw("agent-b", "plan: try @agent-a's idea"))
                    .filename();
            result = alice.results()
                    .promote(env.writeSource(
                            "agent-a",
                            "results/r1.md",
                            "---\nscore: 42.5\nmethod: beam\nstatus: agent-run\ndescription: first\n---\nnotes\n"))
                    .filename();
        }
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void answersHaveDocumentedStatusCodesAndMatchTheDocumentedSchemas() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        String[][] calls = {
            {"GET", "/v1", null, null, "200"},
            {"GET", "/v1/healthz", null, null, "200"},
            {"GET", "/v1/me", "tok-alice", null, "200"},
            {"GET", "/v1/me", null, null, "401"},
            {"GET", "/v1/agents", null, null, "200"},
            {"GET", "/v1/agents?expand=true&limit=1", null, null, "200"},
            {"GET", "/v1/agents/agent-a", null, null, "200"},
            {"GET", "/v1/agents/agent-zzz", null, null, "404"},
            {"GET", "/v1/messages", null, null, "200"},
            {"GET", "/v1/messages?expand=true", null, null, "200"},
            {"GET", "/v1/messages/" + message, null, null, "200"},
            {"GET", "/v1/messages/nope.md", null, null, "404"},
            {"GET", "/v1/messages?since=yesterday-ish", null, null, "400"},
            {"GET", "/v1/inbox/agent-a?expand=true", null, null, "200"},
            {"GET", "/v1/channels", null, null, "200"},
            {"GET", "/v1/threads/" + message, null, null, "200"},
            {"GET", "/v1/results", null, null, "200"},
            {"GET", "/v1/results?expand=true", null, null, "200"},
            {"GET", "/v1/results/" + result, null, null, "200"},
            {"GET", "/v1/results/nope.md", null, null, "404"},
            {"GET", "/v1/results/" + result + "/runs", null, null, "200"},
            {"GET", "/v1/results/nope.md/runs", null, null, "404"},
            {"GET", "/v1/results/" + result + "/runs/files/job_logs.txt", "tok-alice", null, "404"},
            {"GET", "/v1/results/" + result + "/runs/files/job_logs.txt", "tok-bob", null, "403"},
            {"GET", "/v1/jobs", "tok-alice", null, "200"},
            {"GET", "/v1/jobs", "tok-bob", null, "403"},
            {"GET", "/v1/jobs", null, null, "401"},
            {"GET", "/v1/jobs?limit=0", "tok-alice", null, "400"},
            {"GET", "/v1/leaderboard", null, null, "200"},
            {"GET", "/v1/taskforces", null, null, "200"},
            {"GET", "/v1/taskforces/nope", null, null, "404"},
            {"GET", "/v1/traces", null, null, "200"},
            {"GET", "/v1/digest?as=agent-a", null, null, "200"},
            {
                "POST",
                "/v1/agents/register",
                "tok-alice",
                "{\"agent_id\":\"agent-a\",\"model\":\"m\",\"harness\":\"h\"}",
                "409"
            },
            {"POST", "/v1/agents/register", "tok-alice", "{\"agent_id\":\"agent-c\"}", "422"},
            {"POST", "/v1/messages", null, "{\"agent_id\":\"agent-b\",\"body\":\"second\"}", "201"},
            {"POST", "/v1/messages", null, "{\"agent_id\":\"agent-b\",\"body\":\"x\",\"refs\":[1]}", "422"},
        };
        for (String[] c : calls) {
            HttpResponse<String> r = send(c[0], c[1], c[2], c[3]);
            problems.addAll(check(c[0], c[1], r));
            if (!String.valueOf(r.statusCode()).equals(c[4])) {
                problems.add(c[0] + " " + c[1] + ": expected " + c[4] + " from this call, got " + r.statusCode() + " "
                        + r.body());
            }
            checked++;
        }
        assertEquals(List.of(), problems);
        assertEquals(calls.length, checked);
        // the validator is live: the reference's FastAPI error shape and an empty listing are refused
        assertTrue(!schemas.getSchema(SchemaLocation.of(DOC + "#/components/schemas/Error"))
                .validate("{\"detail\":\"x\"}", InputFormat.JSON)
                .isEmpty());
        assertTrue(!schemas.getSchema(SchemaLocation.of(DOC + "#/components/schemas/MessageListing"))
                .validate("{\"count\":\"1\"}", InputFormat.JSON)
                .isEmpty());
    }

    @Test
    void everyDocumentedIntegerOrBooleanQueryParameterIsReadByTheServer() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().path("get");
            if (get.isMissingNode() || path.getKey().contains("{")) {
                continue; // operations with path parameters need real ids; the listing routes cover the grammar
            }
            for (JsonNode p : get.path("parameters")) {
                JsonNode param = resolve(p);
                String type = param.path("schema").path("type").asText();
                if (!param.path("in").asText().equals("query")
                        || !Set.of("integer", "boolean").contains(type)) {
                    continue;
                }
                String uri = path.getKey() + "?" + param.path("name").asText() + "=" + enc("not-a-" + type);
                HttpResponse<String> r = send("GET", uri, "tok-alice", null);
                problems.addAll(check("GET", uri, r));
                if (r.statusCode() < 400 || r.statusCode() >= 500) {
                    problems.add("GET " + uri + ": a malformed " + type + " was not refused (" + r.statusCode() + ")");
                }
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 10, "checked " + checked + " parameters");
    }

    @Test
    void everyReadAnswersMalformedNamesAndQueriesWithADocumentedStatus() throws Exception {
        Map<String, String> valid = Map.of(
                "agent_id", "agent-a",
                "handle", "agent-a",
                "agent", "agent-a",
                "channel", "general",
                "name", "kernels",
                "path", "README.md",
                "session", "s1");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getValue().path("get").isMissingNode()) {
                continue;
            }
            String template = path.getKey();
            String fileValue = template.startsWith("/v1/results/") ? result : message;
            List<String> params = new ArrayList<>();
            Pattern.compile("\\{([^}]+)}").matcher(template).results().forEach(m -> params.add(m.group(1)));
            List<String> uris = new ArrayList<>();
            String good = template;
            for (String p : params) {
                good = good.replace("{" + p + "}", valid.getOrDefault(p, fileValue));
            }
            for (String bad : params) { // one malformed name at a time, the others well formed
                for (String badValue : List.of("Bad%20Name%21", ".hidden", "a%01b", "x".repeat(256))) {
                    String uri = template;
                    for (String p : params) {
                        uri = uri.replace("{" + p + "}", p.equals(bad) ? badValue : valid.getOrDefault(p, fileValue));
                    }
                    uris.add(uri);
                }
            }
            for (String query : List.of("since=soon", "until=soon", "limit=ten", "agent=Bad%20Name", "expand=maybe")) {
                uris.add(good + "?" + query);
            }
            for (String uri : uris) {
                HttpResponse<String> r = send("GET", uri, "tok-alice", null);
                problems.addAll(check("GET", uri, r));
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 100, "checked " + checked + " calls");
    }

    @Test
    void discoveryNamesEveryDocumentedQueryParameterOfAReadOutsideTheListGrammar() {
        Router.Builder routes = new Router.Builder();
        doc.path("paths").fieldNames().forEachRemaining(path -> routes.get(path, call -> {}));
        JsonNode discovery = Discovery.describe( // jobs enabled, so that every endpoint is listed
                new ServiceDescription(
                        "org",
                        "demo",
                        "org/demo-main-bucket",
                        "score",
                        "",
                        "desc",
                        10,
                        true,
                        Optional.empty(),
                        Optional.empty()),
                routes.build());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode ep : discovery.path("endpoints")) {
            String params = ep.path("params").asText();
            if (!ep.path("method").asText().equals("GET") || params.contains("list grammar")) {
                continue; // the grammar's parameters are named once, in the conventions
            }
            for (JsonNode p :
                    doc.path("paths").path(ep.path("path").asText()).path("get").path("parameters")) {
                JsonNode param = resolve(p);
                if (param.path("in").asText().equals("query")) {
                    String name = param.path("name").asText();
                    if (!Pattern.compile("\\b" + Pattern.quote(name) + "\\b")
                            .matcher(params)
                            .find()) {
                        problems.add(
                                "GET " + ep.path("path").asText() + ": discovery's '" + params + "' lacks " + name);
                    }
                    checked++;
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 8, "checked " + checked + " parameters");
    }

    /** The documented status codes and response schema of the operation that serves {@code uri}. */
    private static List<String> check(String method, String uri, HttpResponse<String> r) {
        String rawPath = URI.create(uri).getRawPath();
        Optional<String> template = template(rawPath);
        if (template.isEmpty()) {
            return List.of(method + " " + uri + ": no documented path matches");
        }
        JsonNode op = doc.path("paths").path(template.get()).path(method.toLowerCase(Locale.ROOT));
        JsonNode response = op.path("responses").path(String.valueOf(r.statusCode()));
        if (response.isMissingNode()) {
            return List.of(method + " " + uri + ": status " + r.statusCode() + " is not documented for "
                    + template.get() + " (" + r.body() + ")");
        }
        String pointer = schemaPointer(resolveResponse(response), template.get(), method, r.statusCode());
        if (pointer == null) {
            return List.of();
        }
        JsonSchema schema = schemas.getSchema(SchemaLocation.of(DOC + "#" + pointer));
        Set<ValidationMessage> errors = schema.validate(r.body(), InputFormat.JSON);
        return errors.isEmpty()
                ? List.of()
                : List.of(method + " " + uri + " (" + r.statusCode() + "): " + errors + " in " + r.body());
    }

    /** A JSON pointer to the response's application/json schema, following one response $ref; null without one. */
    private static String schemaPointer(JsonNode response, String template, String method, int status) {
        if (!response.path("content").has("application/json")) {
            return null;
        }
        if (response.has("$ref")) {
            return response.get("$ref").asText().substring(1) + "/content/application~1json/schema";
        }
        return "/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + status + "/content/application~1json/schema";
    }

    private static JsonNode resolveResponse(JsonNode response) {
        if (!response.has("$ref")) {
            return response;
        }
        JsonNode target = doc.at(response.get("$ref").asText().substring(1));
        return ((com.fasterxml.jackson.databind.node.ObjectNode) target.deepCopy())
                .put("$ref", response.get("$ref").asText());
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static Optional<String> template(String rawPath) {
        List<String> templates = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(templates::add);
        for (boolean restMayHoldSlashes : new boolean[] {false, true}) {
            for (String t : templates) {
                if (regex(t, restMayHoldSlashes).matcher(rawPath).matches()) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private static Pattern regex(String template, boolean restMayHoldSlashes) {
        StringBuilder sb = new StringBuilder();
        int last = template.lastIndexOf('{');
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                sb.append(Pattern.quote(template.substring(i)));
                break;
            }
            sb.append(Pattern.quote(template.substring(i, open)));
            sb.append(restMayHoldSlashes && open == last ? ".+" : "[^/]+");
            i = template.indexOf('}', open) + 1;
        }
        return Pattern.compile(sb.toString());
    }

    private static HttpResponse<String> send(String method, String uri, String token, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(env.server.baseUri().resolve(uri)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
