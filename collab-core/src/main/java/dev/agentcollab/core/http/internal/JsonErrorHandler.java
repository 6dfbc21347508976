package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed {@code Content-Length}, an unparsable request line, headers too large)
 * in the API's error shape {@code {"error":{"code","message"}}} instead of an HTML page. The status stays the one
 * Jetty chose; the code is the {@link ErrorCode} of that status ({@code INVALID_PATH} for 414, a request line
 * longer than the 8 KiB header buffer), {@code INVALID_REQUEST} for other 4xx and {@code INTERNAL} for other 5xx.
 * Stateless; thread safe.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    static byte[] body(int status, String reason) {
        ErrorCode code =
                switch (status) {
                    case 404 -> ErrorCode.ROUTE_NOT_FOUND;
                    case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                    case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                    case 414 -> ErrorCode.INVALID_PATH;
                    case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                    case 429 -> ErrorCode.RATE_LIMITED;
                    case 503 -> ErrorCode.UNAVAILABLE;
                    default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
                };
        String message = status >= 500 || reason == null || reason.isBlank()
                ? (status >= 500 ? "internal server error" : "bad request")
                : "bad request: " + reason;
        try {
            return Json.mapper().writeValueAsBytes(ErrorResponses.body(CollabException.of(code, message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an error body", e);
        }
    }
}
