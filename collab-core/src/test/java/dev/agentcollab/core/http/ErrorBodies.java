package dev.agentcollab.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.core.json.Json;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Reads the uniform error body {@code {"error":{"code","message","hint"}}} of a raw HTTP answer in tests. */
final class ErrorBodies {
    private ErrorBodies() {}

    /**
     * The error code of an answer.
     *
     * @param response the answer
     * @return {@code error.code}, or an empty string when the body has none
     */
    static String code(HttpResponse<String> response) {
        try {
            return Json.mapper()
                    .readTree(response.body())
                    .path("error")
                    .path("code")
                    .asText();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
