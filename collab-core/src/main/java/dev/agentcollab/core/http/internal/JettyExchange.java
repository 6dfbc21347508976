package dev.agentcollab.core.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** An {@link Exchange} over one Jetty request; writes block the calling (virtual) thread. */
final class JettyExchange implements Exchange {
    private final Request request;
    private final Response response;

    JettyExchange(Request request, Response response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public Optional<String> requestHeader(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public List<String> requestHeaders(String name) {
        return request.getHeaders().getValuesList(name);
    }

    @Override
    public String remoteAddress() {
        String ip = Request.getRemoteAddr(request);
        return ip == null ? "" : ip;
    }

    @Override
    public InputStream requestBody() {
        return Content.Source.asInputStream(request);
    }

    @Override
    public void responseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public void send(int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        ByteBuffer content = request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body);
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(true, content, written);
            written.block();
        }
    }
}
