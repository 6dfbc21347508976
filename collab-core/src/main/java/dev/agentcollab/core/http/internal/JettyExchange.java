package dev.agentcollab.core.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/** An {@link Exchange} over one Jetty request; writes block the calling (virtual) thread. */
final class JettyExchange implements Exchange {
    private static final int STREAM_BUFFER = 64 * 1024;
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
        write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    /** Streams the file in 64 KiB writes, each blocking until Jetty took it, so a download holds one buffer. */
    @Override
    public void sendFile(int status, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            if (request.getMethod().equals("HEAD") || length == 0) {
                write(true, ByteBuffer.allocate(0));
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(STREAM_BUFFER);
            long sent = 0;
            while (sent < length) {
                buffer.clear().limit((int) Math.min(STREAM_BUFFER, length - sent)); // never past Content-Length
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IOException(file + " ended after " + sent + " of " + length + " bytes");
                }
                sent += n;
                buffer.flip();
                write(sent >= length, buffer);
            }
        }
    }

    private void write(boolean last, ByteBuffer content) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, content, written);
            written.block();
        }
    }
}
