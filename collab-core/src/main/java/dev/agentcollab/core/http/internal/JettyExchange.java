package dev.agentcollab.core.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
    private final RequestDeadline deadline;

    JettyExchange(Request request, Response response, RequestDeadline deadline) {
        this.request = request;
        this.response = response;
        this.deadline = deadline;
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
        write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    /** Sends the file as a {@link FileDownload}; the request's deadline grows by the file's length. */
    @Override
    public void sendFile(Path file, String contentType) throws IOException {
        FileDownload.send(request, response, file, contentType, deadline);
    }

    @Override
    public void abort() {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
    }

    private void write(boolean last, ByteBuffer content) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, content, written);
            written.block();
        }
    }
}
