package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentcollab.api.Collab;
import dev.agentcollab.core.http.internal.Route;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * docs/openapi.yaml (served at /docs) describes exactly the /v1 routes the server serves. Status codes, response
 * schemas and query parameters are checked against live answers in {@link OpenApiResponsesTest}.
 */
class OpenApiContractTest {

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dashboard/openapi.yaml")) {
            assertNotNull(in, "openapi.yaml is not on the class path");
            doc = new YAMLMapper().readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = doc.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                documented.add(methods.next().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        CollabServer server = CollabServer.create(
                c -> c.sessions(ctx -> Mockito.mock(Collab.class)).description(ServiceDescription.of("o", "c")));
        Set<String> served = new TreeSet<>();
        for (Route r : server.router().routes()) {
            if (r.template().startsWith("/v1")) {
                served.add(r.method() + " " + r.template().replace("+}", "}"));
            }
        }
        assertEquals(documented, served);
    }
}
